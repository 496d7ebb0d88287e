package dev.reprise.internal.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** A connection with its prepared statements cached by SQL text, reused across transactions. */
public final class Tx implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  public Tx(Connection connection) {
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /** A cached statement with its parameters cleared. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }

  /**
   * Closes the cached statements, to be prepared again: after a failed transaction a driver may
   * leave a statement unusable (SQLite's, after a full disk, answers "statement is not executing"
   * to every later use of it).
   */
  public void forgetStatements() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // it is dropped either way
      }
    }
    statements.clear();
  }

  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
  }
}
