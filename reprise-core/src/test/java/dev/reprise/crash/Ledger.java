package dev.reprise.crash;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An outside system for crash tests, in its own SQLite file: it applies an effect once per
 * idempotency key (as a payment API would), and logs every step body execution, noting the ones
 * that ran although the Reprise journal already held the step as completed.
 */
final class Ledger implements AutoCloseable {
  private final Connection ledger;
  private final Connection journal;

  Ledger(Path ledgerFile, Path repriseDb) throws SQLException {
    ledger = DriverManager.getConnection("jdbc:sqlite:" + ledgerFile);
    try (Statement s = ledger.createStatement()) {
      s.execute("pragma journal_mode = wal");
      s.execute("pragma busy_timeout = 10000");
      s.execute(
          "create table if not exists effects (key text not null, run_id text not null, seq integer not null)");
      s.execute(
          "create table if not exists executions (run_id text not null, seq integer not null, rerun integer not null)");
    }
    journal = DriverManager.getConnection("jdbc:sqlite:" + repriseDb);
    try (Statement s = journal.createStatement()) {
      s.execute("pragma busy_timeout = 10000");
      s.execute("pragma query_only = 1");
    }
  }

  /** Called from a step body: logs the execution and applies the keyed effect once. */
  synchronized void apply(String key, String runId, int seq) throws SQLException {
    boolean rerun;
    try (PreparedStatement ps =
        journal.prepareStatement("select status from steps where run_id = ? and seq = ?")) {
      ps.setString(1, runId);
      ps.setInt(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        rerun = rs.next() && "completed".equals(rs.getString(1));
      }
    }
    ledger.setAutoCommit(false);
    try {
      try (PreparedStatement ps =
          ledger.prepareStatement("insert into executions (run_id, seq, rerun) values (?, ?, ?)")) {
        ps.setString(1, runId);
        ps.setInt(2, seq);
        ps.setInt(3, rerun ? 1 : 0);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          ledger.prepareStatement(
              "insert into effects (key, run_id, seq) select ?, ?, ? where not exists (select 1 from effects where key = ?)")) {
        ps.setString(1, key);
        ps.setString(2, runId);
        ps.setInt(3, seq);
        ps.setString(4, key);
        ps.executeUpdate();
      }
      ledger.commit();
    } catch (SQLException e) {
      ledger.rollback();
      throw e;
    } finally {
      ledger.setAutoCommit(true);
    }
  }

  @Override
  public void close() throws SQLException {
    ledger.close();
    journal.close();
  }
}
