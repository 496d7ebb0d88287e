package dev.reprise.bench;

import dev.reprise.RunStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.StringJoiner;
import org.sqlite.SQLiteConfig;

/**
 * Counts runs by status with one {@code count(*)} on a connection of its own (read-only on SQLite).
 * RepriseClient.runs would list the rows instead (and at most 10,000 of them), on the engine's own
 * readers, at every poll; a count costs the engine next to nothing. It reads the {@code status}
 * column of the store's {@code runs} table, the one piece of the schema the bench relies on.
 */
final class RunCounts implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(10);

  private final Connection connection;
  private final PreparedStatement count;

  RunCounts(Path database) throws SQLException {
    this(sqlite(database), "runs");
  }

  /**
   * Counts the runs of Reprise's store in {@code schema} of the benchmark's PostgreSQL database.
   */
  RunCounts(Pg pg, String schema) throws SQLException {
    this(pg.connect(), schema + ".runs");
  }

  private RunCounts(Connection connection, String table) throws SQLException {
    this.connection = connection;
    try {
      count = connection.prepareStatement("select count(*) from " + table + " where status = ?");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private static Connection sqlite(Path database) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(10_000);
    return DriverManager.getConnection(
        "jdbc:sqlite:" + database.toAbsolutePath(), config.toProperties());
  }

  int count(RunStatus status) throws SQLException {
    count.setString(1, status.label());
    try (ResultSet rs = count.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Waits until at least {@code expected} runs are in {@code status}, polling every 10 ms.
   *
   * @throws IllegalStateException with the counts of every status when {@code timeout} passes first
   */
  void await(RunStatus status, int expected, Duration timeout)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count(status) < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "expected "
                + expected
                + " runs "
                + status.label()
                + " within "
                + timeout
                + "; runs by status: "
                + summary());
      }
      Thread.sleep(POLL);
    }
  }

  /** Every status that has runs, with its count, e.g. {@code waiting=5000 completed=5000}. */
  String summary() throws SQLException {
    StringJoiner all = new StringJoiner(" ");
    for (RunStatus s : RunStatus.values()) {
      int n = count(s);
      if (n > 0) {
        all.add(s.label() + "=" + n);
      }
    }
    return all.toString();
  }

  @Override
  public void close() throws SQLException {
    try {
      count.close();
    } finally {
      connection.close();
    }
  }
}
