package dev.reprise.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An outside system for the cluster tests, in tables beside Reprise's: it applies an effect once
 * per idempotency key, and logs every step body execution with the node that ran it, noting those
 * that ran although the journal already held the step as completed.
 */
public final class PgLedger implements StepLedger {
  private final String url;
  private final String node;
  private Connection connection; // one per node, used under this object's lock

  PgLedger(String url, String node) {
    this.url = url;
    this.node = node;
  }

  public static void create(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(
          "create table effects (key text primary key, run_id text not null, seq int not null)");
      s.execute(
          "create table executions (run_id text not null, seq int not null, node text not null,"
              + " rerun boolean not null)");
      s.execute(
          "create table body_starts (run_id text not null, seq int not null, node text not null,"
              + " at_millis bigint not null)");
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = DriverManager.getConnection(url);
    }
    return connection;
  }

  @Override
  public synchronized void apply(String key, String runId, int seq) throws SQLException {
    Connection c = connection();
    try (PreparedStatement log =
        c.prepareStatement(
            "insert into executions (run_id, seq, node, rerun) values (?, ?, ?, exists (select 1"
                + " from steps where run_id = ? and seq = ? and status = 'completed'))")) {
      log.setString(1, runId);
      log.setInt(2, seq);
      log.setString(3, node);
      log.setString(4, runId);
      log.setInt(5, seq);
      log.executeUpdate();
    }
    try (PreparedStatement effect =
        c.prepareStatement(
            "insert into effects (key, run_id, seq) values (?, ?, ?) on conflict (key) do nothing")) {
      effect.setString(1, key);
      effect.setString(2, runId);
      effect.setInt(3, seq);
      effect.executeUpdate();
    }
  }

  @Override
  public synchronized void started(String runId, int seq) throws SQLException {
    try (PreparedStatement ps =
        connection()
            .prepareStatement(
                "insert into body_starts (run_id, seq, node, at_millis) values (?, ?, ?, ?)")) {
      ps.setString(1, runId);
      ps.setInt(2, seq);
      ps.setString(3, node);
      ps.setLong(4, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
