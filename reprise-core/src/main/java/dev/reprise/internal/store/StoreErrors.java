package dev.reprise.internal.store;

import dev.reprise.RepriseException;
import dev.reprise.StoreUnavailableException;
import java.sql.SQLException;

/** Turns JDBC failures into Reprise's exceptions at the store boundary. */
public final class StoreErrors {
  private StoreErrors() {}

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
