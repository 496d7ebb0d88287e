package dev.reprise.internal.store;

import dev.reprise.RepriseException;
import dev.reprise.StoreUnavailableException;
import java.sql.SQLException;

/** Turns JDBC failures into Reprise's exceptions at the store boundary. */
public final class StoreErrors {
  private StoreErrors() {}

  /**
   * The connection broke: SQLSTATE class 08 (connection exception) or 57P (operator intervention,
   * such as a terminated backend).
   */
  static boolean isConnectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return true;
        }
      }
    }
    return false;
  }

  public static RuntimeException translate(String what, Throwable e) {
    if (e instanceof RepriseException r) {
      return r;
    }
    if (e instanceof SQLException sql) {
      return new StoreUnavailableException(what, sql.getMessage(), sql);
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new RepriseException(what + " failed: " + e, e);
  }
}
