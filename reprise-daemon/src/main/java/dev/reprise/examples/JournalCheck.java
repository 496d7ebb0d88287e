package dev.reprise.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * Reads one step's status straight from a Reprise SQLite journal, read-only. Workflows never need
 * this: the demo uses it to catch the engine running the body of a step the journal already holds
 * as completed, which Reprise promises never to do. The connection opens on first use, so a process
 * that only submits runs never touches the file.
 */
public final class JournalCheck implements AutoCloseable {
  private final Path journal;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;

  public JournalCheck(Path journal) {
    this.journal = journal.toAbsolutePath();
  }

  private JournalCheck() {
    this.journal = null;
  }

  /** A check that reads nothing and finds no step completed, where no audit is wanted. */
  public static JournalCheck none() {
    return new JournalCheck();
  }

  /** Whether the journal shows step {@code seq} of the run as {@code completed}. */
  public boolean isCompleted(String runId, int seq) throws SQLException {
    if (journal == null) {
      return false;
    }
    lock.lock();
    try {
      try (PreparedStatement ps =
          connection().prepareStatement("select status from steps where run_id = ? and seq = ?")) {
        ps.setString(1, runId);
        ps.setInt(2, seq);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && "completed".equals(rs.getString(1));
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      config.setBusyTimeout(10_000);
      connection = DriverManager.getConnection("jdbc:sqlite:" + journal, config.toProperties());
    }
    return connection;
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    } finally {
      lock.unlock();
    }
  }
}
