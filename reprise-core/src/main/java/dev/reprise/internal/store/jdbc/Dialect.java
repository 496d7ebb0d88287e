package dev.reprise.internal.store.jdbc;

import dev.reprise.internal.store.Claim;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between databases. The SQL elsewhere is shared: both SQLite and PostgreSQL accept
 * {@code ON CONFLICT} upserts, {@code RETURNING} and partial indexes.
 */
public interface Dialect {

  String name();

  /** The schema, as versioned migrations, oldest first. */
  List<Migration> migrations();

  /**
   * The claim of {@code claim.max()} runs of the namespace, ready to execute: pending runs and
   * waiting runs due at {@code claim.nowMillis()} (which become running), and compensating runs
   * that no process holds; highest priority first, then oldest. It sets the owner and the lease,
   * bumps the epoch, and returns id, workflow, input, epoch, status, error_type, error_message,
   * cancel_reason, deadline_at, queue, parent_id.
   */
  PreparedStatement claim(Tx tx, String namespace, Claim claim) throws SQLException;

  /** An SQL expression for the database's clock, in epoch milliseconds. */
  String nowMillis();

  /**
   * The clause that makes a read in a write fence wait for a concurrent claim of the same row (and
   * see its outcome); empty where the database has one writer.
   */
  String lockForShare();

  /** Serialises, until commit, the claims that count a queue's running runs against its limit. */
  void lockQueue(Tx tx, String namespace, String queue) throws SQLException;

  /** A condition: {@code column} is one of the names bound by {@link #bindNames}. */
  String memberOf(String column);

  /** What makes a select lock the rows it reads against other claims, skipping locked ones. */
  String lockForClaim();

  /**
   * Serialises, until commit, the claims that count the runs holding any of these concurrency keys
   * (given in a stable order, so that two claims never wait for each other).
   */
  void lockKeys(Tx tx, String namespace, List<String> keys) throws SQLException;

  /** Binds a list of names to the placeholder of {@link #memberOf}. */
  void bindNames(Tx tx, PreparedStatement ps, int index, java.util.Collection<String> names)
      throws SQLException;

  /**
   * Whether a lone single-statement write should run as its own transaction (in auto-commit mode):
   * it saves a round trip to a server, while in SQLite it would take the write lock only at the
   * write, where another process's commit can refuse it without waiting.
   */
  boolean commitsLoneStatements();

  /** Makes the next statement on the writer's connection a transaction of its own. */
  void autoCommit(Tx tx) throws SQLException;

  /** Starts a write transaction on the writer's connection. */
  void begin(Tx tx) throws SQLException;

  void commit(Tx tx) throws SQLException;

  void rollback(Tx tx) throws SQLException;

  /**
   * A mark of what the writer's connection has changed so far, taken in a transaction for {@link
   * #changedSince}: SQLite's count of rows changed on the connection.
   */
  long changeMark(Tx tx) throws SQLException;

  /**
   * Whether the open transaction changed anything since {@code mark}: a commit that changed nothing
   * needs no space, so it does not tell that a full disk has room again.
   */
  boolean changedSince(Tx tx, long mark) throws SQLException;

  /**
   * Writes a consistent copy of the database to {@code target}, an empty file, while it is in use.
   */
  default void backup(Tx tx, java.nio.file.Path target) throws SQLException {
    throw new SQLException(
        "a "
            + name()
            + " store is backed up with the server's own tools (pg_dump -n SCHEMA, or a base"
            + " backup of the server)");
  }

  /** The database's full integrity check: empty when intact, else its findings. */
  default java.util.List<String> integrityProblems(Tx tx) throws SQLException {
    throw new SQLException(
        "a " + name() + " store checks its own pages (see the server's amcheck and checksums)");
  }

  /** Last work on the writer's connection before a clean close (all its writes committed). */
  default void beforeClose(Tx tx) throws SQLException {}

  /** The connection broke (the server went away, or an operator ended the session). */
  default boolean isConnectionLost(SQLException e) {
    return false;
  }
}
