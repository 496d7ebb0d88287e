package dev.reprise.internal.store.jdbc;

import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.Claim;
import dev.reprise.internal.store.RunTransition;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * SQLite: one writer, so claiming needs no row locks. The claim reads each kind of claimable run
 * through its own index (one branch per status), so its cost does not grow with ended runs. Write
 * transactions are begun {@code immediate} by hand on an auto-commit connection, so that the write
 * lock is taken (waiting out the busy timeout) when the batch starts and released at its commit,
 * even with other processes writing the same file.
 */
public final class SqliteDialect implements Dialect {

  @Override
  public String name() {
    return "sqlite";
  }

  private static final List<Migration> MIGRATIONS = Schema.forDialect("without rowid");

  @Override
  public List<Migration> migrations() {
    return MIGRATIONS;
  }

  private static final String NOW_MILLIS =
      "cast((julianday('now') - 2440587.5) * 86400000 as integer)";

  /** Claim statements by queue filter: one queue, or every queue but some. */
  private static final String CLAIM_ONE_QUEUE = claimSql("queue = ?7");

  private static final String CLAIM_OTHER_QUEUES =
      claimSql("queue not in (select value from json_each(?7))");

  private static String claimSql(String queueFilter) {
    String scope =
        "namespace = ?5 and workflow in (select value from json_each(?6)) and " + queueFilter;
    return """
        update runs set status = %TO%,
          owner = ?1, epoch = epoch + 1, started_at = coalesce(started_at, ?2), updated_at = ?3,
          wake_at = null, wait_reason = null, wait_kind = null, wait_on = null, wait_until = null,
          lease_until = %NOW% + ?8
        where id in (
          select id from (
            select id, priority, created_at from (
              select id, priority, created_at from runs where status = 'pending' and %SCOPE%
                and %UNKEYED%
              order by priority desc, created_at, id limit ?4)
            union all
            select id, priority, created_at from (
              select id, priority, created_at from runs where status = 'waiting'
                and wake_at <= ?2 and %SCOPE%
              order by wake_at limit ?4)
            union all
            select id, priority, created_at from (
              select id, priority, created_at from runs where status = 'compensating'
                and owner is null and %SCOPE% and %UNKEYED%
              limit ?4))
          order by priority desc, created_at, id limit ?4)
        returning %RETURNING%"""
        .replace("%TO%", RunTransition.CLAIM.toSql())
        .replace("%RETURNING%", Rows.CLAIMED_COLUMNS)
        .replace("%SCOPE%", scope)
        .replace("%UNKEYED%", KeyedClaims.UNKEYED_OR_HELD)
        .replace("%NOW%", NOW_MILLIS);
  }

  @Override
  public PreparedStatement claim(Tx tx, String namespace, Claim claim) throws SQLException {
    PreparedStatement ps = tx.prepare(claim.queue() == null ? CLAIM_OTHER_QUEUES : CLAIM_ONE_QUEUE);
    ps.setString(1, claim.owner());
    ps.setLong(2, claim.nowMillis());
    ps.setLong(3, claim.nowMillis());
    ps.setInt(4, claim.max());
    ps.setString(5, namespace);
    ps.setString(6, Json.writeNames(claim.workflows()));
    ps.setString(7, claim.queue() == null ? Json.writeNames(claim.otherQueues()) : claim.queue());
    ps.setLong(8, claim.leaseMillis());
    return ps;
  }

  @Override
  public String memberOf(String column) {
    return column + " in (select value from json_each(?))";
  }

  @Override
  public void bindNames(Tx tx, PreparedStatement ps, int index, Collection<String> names)
      throws SQLException {
    ps.setString(index, Json.writeNames(names));
  }

  @Override
  public String nowMillis() {
    return NOW_MILLIS;
  }

  @Override
  public String lockForShare() {
    return "";
  }

  @Override
  public String lockForClaim() {
    return "";
  }

  @Override
  public void lockKeys(Tx tx, String namespace, List<String> keys) {
    // one writer: the write transaction already excludes every other claim
  }

  @Override
  public void lockQueue(Tx tx, String namespace, String queue) {
    // one writer: the write transaction already excludes every other claim
  }

  @Override
  public boolean commitsLoneStatements() {
    return false;
  }

  @Override
  public void autoCommit(Tx tx) {
    // the writer's connection is always in auto-commit mode; begin opens transactions by hand
  }

  /**
   * Moves every committed page from the WAL into the database file and empties the WAL, so that
   * after a clean close the file alone is the whole store (a copy of it, or a deleted {@code -wal},
   * loses nothing). Readers elsewhere that still hold a snapshot may keep part of it in the WAL;
   * that is said in the log, and nothing is lost (their process's close checkpoints again).
   */
  @Override
  public void beforeClose(Tx tx) throws SQLException {
    try (var s = tx.connection().createStatement();
        var rs = s.executeQuery("pragma wal_checkpoint(truncate)")) {
      if (rs.next() && rs.getInt(1) != 0) {
        throw new SQLException(
            "the WAL could not be checkpointed in full: another connection is busy");
      }
    }
  }

  @Override
  public void backup(Tx tx, java.nio.file.Path target) throws SQLException {
    PreparedStatement ps = tx.prepare("vacuum into ?");
    ps.setString(1, target.toString());
    ps.execute();
  }

  @Override
  public java.util.List<String> integrityProblems(Tx tx) throws SQLException {
    java.util.List<String> found = new java.util.ArrayList<>();
    try (var s = tx.connection().createStatement();
        var rs = s.executeQuery("pragma integrity_check(100)")) {
      while (rs.next()) {
        found.add(rs.getString(1));
      }
    } catch (SQLException e) {
      if (StoreErrors.causeOf(e) != StoreErrors.Cause.CORRUPTED) {
        throw e;
      }
      found.add("the check itself stopped at damage: " + e.getMessage());
    }
    return found.equals(java.util.List.of("ok")) ? java.util.List.of() : found;
  }

  @Override
  public void begin(Tx tx) throws SQLException {
    tx.prepare("begin immediate").execute();
  }

  @Override
  public void commit(Tx tx) throws SQLException {
    tx.prepare("commit").execute();
  }

  @Override
  public long changeMark(Tx tx) throws SQLException {
    return totalChanges(tx);
  }

  @Override
  public boolean changedSince(Tx tx, long mark) throws SQLException {
    return totalChanges(tx) > mark;
  }

  private static long totalChanges(Tx tx) throws SQLException {
    try (var rs = tx.prepare("select total_changes()").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void rollback(Tx tx) throws SQLException {
    if (!tx.connection().getAutoCommit()) {
      tx.connection().rollback();
      return;
    }
    // not a cached statement: after a failure the cache is dropped
    try (var s = tx.connection().createStatement()) {
      s.execute("rollback");
    }
  }
}
