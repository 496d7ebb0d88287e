package dev.reprise.bench;

import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The physical reference: plain JDBC on one connection, one small insert per commit (or, batched,
 * many rows per commit), with the journal settings Reprise uses (WAL, the same {@code
 * synchronous}). Its rate is what the disk and SQLite allow a single writer that waits for each
 * commit. The driver's generated-keys query after each insert is turned off: it is driver overhead,
 * not physics, and would lower the reference (by 15-25 % on our machine).
 */
final class RawCommits implements Workload {
  private final SqliteSynchronous synchronous;
  private final int rowsPerCommit;

  private RawCommits(SqliteSynchronous synchronous, int rowsPerCommit) {
    this.synchronous = synchronous;
    this.rowsPerCommit = rowsPerCommit;
  }

  /** One row per commit: the reference for a writer that waits for each commit. */
  static RawCommits single(SqliteSynchronous synchronous) {
    return new RawCommits(synchronous, 1);
  }

  /** {@code rows} rows per transaction (one prepared insert, batched): what the disk allows. */
  static RawCommits batched(SqliteSynchronous synchronous, int rows) {
    return new RawCommits(synchronous, rows);
  }

  boolean isSingleRow() {
    return rowsPerCommit == 1;
  }

  @Override
  public String name() {
    return isSingleRow() ? "raw-commits" : "raw-batched-rows-" + rowsPerCommit + "-per-commit";
  }

  @Override
  public String system() {
    return "sqlite";
  }

  @Override
  public String unit() {
    return isSingleRow() ? "commits/s" : "rows/s";
  }

  @Override
  public Session open(Path database) throws SQLException {
    Connection c = connect(database);
    try {
      try (Statement s = c.createStatement()) {
        s.execute(
            "create table commits (id integer primary key, at integer not null, payload text not null)");
      }
      PreparedStatement insert =
          c.prepareStatement("insert into commits (at, payload) values (?, ?)");
      return new Session() {
        private long commits;

        @Override
        public long work(long sliceNanos) throws SQLException {
          long end = System.nanoTime() + sliceNanos;
          long done = 0;
          do {
            if (isSingleRow()) {
              bind();
              insert.executeUpdate();
            } else {
              c.setAutoCommit(false);
              for (int i = 0; i < rowsPerCommit; i++) {
                bind();
                insert.addBatch();
              }
              insert.executeBatch();
              c.commit();
              c.setAutoCommit(true);
            }
            done += rowsPerCommit;
          } while (System.nanoTime() < end);
          return done;
        }

        private void bind() throws SQLException {
          insert.setLong(1, System.currentTimeMillis());
          insert.setString(2, "{\"n\":" + commits++ + "}");
        }

        @Override
        public void close() throws SQLException {
          try {
            insert.close();
          } finally {
            c.close();
          }
        }
      };
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private Connection connect(Path database) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        synchronous == SqliteSynchronous.NORMAL
            ? SQLiteConfig.SynchronousMode.NORMAL
            : SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setGetGeneratedKeys(false);
    Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:" + database.toAbsolutePath(), config.toProperties());
    c.setAutoCommit(true);
    return c;
  }
}
