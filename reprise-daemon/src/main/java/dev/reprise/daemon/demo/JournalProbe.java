package dev.reprise.daemon.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Counts in the Reprise journal, read-only, while a worker writes it (or lies dead). Counting over
 * the whole journal is what the public client does not offer: it lists runs, at most 10,000.
 */
final class JournalProbe implements AutoCloseable {
  private static final String UNFINISHED = "('pending', 'running', 'waiting', 'compensating')";

  /** Where the runs are now. */
  record Progress(int completedSteps, int unfinishedRuns, int compensatingRuns) {}

  /**
   * Runs by status, and completed steps.
   *
   * @param compensated runs that ended {@code failed} with {@code compensated} set
   */
  record Tally(Map<String, Integer> runsByStatus, int completedSteps, int compensated) {
    int runs(String status) {
      return runsByStatus.getOrDefault(status, 0);
    }

    int total() {
      return runsByStatus.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private final Connection connection;

  JournalProbe(Path journal) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    this.connection =
        DriverManager.getConnection(
            "jdbc:sqlite:" + journal.toAbsolutePath(), config.toProperties());
  }

  Progress progress() throws SQLException {
    try (PreparedStatement ps =
            connection.prepareStatement(
                "select (select count(*) from steps where status = 'completed'),"
                    + " (select count(*) from runs where status in "
                    + UNFINISHED
                    + "), (select count(*) from runs where status = 'compensating')");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return new Progress(rs.getInt(1), rs.getInt(2), rs.getInt(3));
    }
  }

  Tally tally() throws SQLException {
    Map<String, Integer> byStatus = new HashMap<>();
    int compensated = 0;
    try (PreparedStatement ps =
            connection.prepareStatement(
                "select status, count(*), sum(compensated) from runs group by status");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        byStatus.put(rs.getString(1), rs.getInt(2));
        if ("failed".equals(rs.getString(1))) {
          compensated = rs.getInt(3);
        }
      }
    }
    return new Tally(byStatus, progress().completedSteps(), compensated);
  }

  /** The ids of the runs of this workflow in this status. */
  List<String> runIds(String workflow, String status) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement("select id from runs where workflow = ? and status = ?")) {
      ps.setString(1, workflow);
      ps.setString(2, status);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
