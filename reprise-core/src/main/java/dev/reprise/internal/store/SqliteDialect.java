package dev.reprise.internal.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * SQLite: one writer, so claiming needs no row locks. Write transactions are begun {@code
 * immediate} by hand on an auto-commit connection, so that the write lock is taken (waiting out the
 * busy timeout) when the batch starts and released at its commit, even with other processes
 * writing the same file.
 */
public final class SqliteDialect implements Dialect {

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public List<Migration> migrations() {
    return Schema.ALL;
  }

  @Override
  public String claimPendingSql() {
    return """
        update runs set status = 'running', owner = ?1, epoch = epoch + 1,
          started_at = coalesce(started_at, ?2), updated_at = ?3
        where id in (select id from runs where namespace = ?5 and status = 'pending'
                     and workflow in (select value from json_each(?6))
                     order by created_at, id limit ?4)
        returning id, workflow, input, epoch""";
  }

  @Override
  public void begin(Connection c) throws SQLException {
    exec(c, "begin immediate");
  }

  @Override
  public void commit(Connection c) throws SQLException {
    exec(c, "commit");
  }

  @Override
  public void rollback(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.rollback();
      return;
    }
    exec(c, "rollback");
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
