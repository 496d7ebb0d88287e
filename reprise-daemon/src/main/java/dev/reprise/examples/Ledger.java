package dev.reprise.examples;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * A stand-in for an external payment API, kept in its own SQLite file. Like a real one it is
 * idempotent: {@link #apply} with a key it has seen returns the first effect's reference and
 * changes nothing. Every commit is fsynced, so each call costs a few milliseconds of real I/O.
 *
 * <p>It also keeps the bookkeeping the demo audits: one {@code executions} row per step body that
 * reached it, and a {@code reruns} row for each body that ran although the Reprise journal already
 * showed its step completed (which Reprise promises never happens).
 *
 * <pre>{@code
 * try (Ledger ledger = Ledger.open(Path.of("ledger.db"))) {
 *   long execution = ledger.startExecution(runId, 2, "charge", false);
 *   String ref = ledger.apply(execution, runId + ":2", runId, "charge", 1999);
 * }
 * }</pre>
 */
public final class Ledger implements AutoCloseable {
  private static final String[] SCHEMA = {
    """
    create table if not exists effects (
      id integer primary key,
      idempotency_key text not null,
      run_id text not null,
      step text not null,
      amount_cents integer not null,
      created_at integer not null)""",
    "create index if not exists effects_key on effects (idempotency_key)",
    """
    create table if not exists executions (
      id integer primary key,
      run_id text not null,
      seq integer not null,
      step text not null,
      outcome text,
      started_at integer not null)""",
    """
    create table if not exists reruns (
      id integer primary key,
      run_id text not null,
      seq integer not null,
      step text not null,
      seen_at integer not null)"""
  };

  /** What {@link #apply} recorded on the execution that called it. */
  public static final String APPLIED = "applied";

  public static final String DEDUPLICATED = "deduplicated";

  private final Path file;
  // One connection serves every caller: SQLite has one writer anyway, and a JDBC connection is
  // not safe for concurrent use. Replaced after a failed transaction (see inTransaction).
  private Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private Ledger(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens the ledger file, creating it (readable by its owner only, like the daemon's own files)
   * and its tables if missing.
   */
  public static Ledger open(Path file) throws SQLException {
    createOwnerOnly(file);
    return new Ledger(file, connect(file));
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection c =
        DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    try (Statement s = c.createStatement()) {
      for (String ddl : SCHEMA) {
        s.execute(ddl);
      }
      c.setAutoCommit(false);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static void createOwnerOnly(Path file) throws SQLException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // opened as it is
    } catch (IOException e) {
      throw new SQLException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records that a step body started, and whether the journal already showed that step completed.
   *
   * @return the execution's id, to pass to {@link #apply}
   */
  public long startExecution(String runId, int seq, String step, boolean alreadyCompleted)
      throws SQLException {
    return inTransaction(
        () -> {
          long now = System.currentTimeMillis();
          long id;
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "insert into executions (run_id, seq, step, started_at) values (?, ?, ?, ?) returning id")) {
            ps.setString(1, runId);
            ps.setInt(2, seq);
            ps.setString(3, step);
            ps.setLong(4, now);
            id = singleLong(ps);
          }
          if (alreadyCompleted) {
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "insert into reruns (run_id, seq, step, seen_at) values (?, ?, ?, ?)")) {
              ps.setString(1, runId);
              ps.setInt(2, seq);
              ps.setString(3, step);
              ps.setLong(4, now);
              ps.executeUpdate();
            }
          }
          return id;
        });
  }

  /**
   * Applies an effect once per idempotency key, in one transaction: inserts it unless a row with
   * this key exists. Either way it returns the effect's reference and notes the outcome on the
   * execution.
   */
  public String apply(
      long execution, String idempotencyKey, String runId, String step, long amountCents)
      throws SQLException {
    return inTransaction(
        () -> {
          Long id = existing(idempotencyKey);
          String outcome = DEDUPLICATED;
          if (id == null) {
            outcome = APPLIED;
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "insert into effects (idempotency_key, run_id, step, amount_cents, created_at) values (?, ?, ?, ?, ?)"
                        + " returning id")) {
              ps.setString(1, idempotencyKey);
              ps.setString(2, runId);
              ps.setString(3, step);
              ps.setLong(4, amountCents);
              ps.setLong(5, System.currentTimeMillis());
              id = singleLong(ps);
            }
          }
          try (PreparedStatement ps =
              connection.prepareStatement("update executions set outcome = ? where id = ?")) {
            ps.setString(1, outcome);
            ps.setLong(2, execution);
            ps.executeUpdate();
          }
          return step + "-" + id;
        });
  }

  private Long existing(String idempotencyKey) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement("select id from effects where idempotency_key = ? limit 1")) {
      ps.setString(1, idempotencyKey);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static long singleLong(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    lock.lock();
    try {
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        if (e instanceof SQLException) {
          // SQLite may have rolled back by itself (a full disk) and the driver not know it:
          // every later commit would fail ("no transaction is active"). A new connection starts
          // clean
          reconnect(e);
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private void reconnect(Exception failure) {
    try {
      connection.close();
    } catch (SQLException closing) {
      failure.addSuppressed(closing);
    }
    try {
      connection = connect(file);
    } catch (SQLException reopening) {
      failure.addSuppressed(reopening); // the next call tries again
    }
  }

  @Override
  public void close() throws SQLException {
    lock.lock();
    try {
      connection.close();
    } finally {
      lock.unlock();
    }
  }
}
