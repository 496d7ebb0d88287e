package dev.reprise.internal.store.jdbc;

import dev.reprise.internal.store.Claim;
import dev.reprise.internal.store.RunTransition;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * PostgreSQL: many nodes write at once. A claim locks the rows it takes with {@code FOR UPDATE SKIP
 * LOCKED}, so concurrent claimers never wait for each other nor take the same run; leases are
 * counted on the server's clock. The writer's connection stays out of auto-commit: a batch is one
 * transaction, ended by {@code commit}.
 */
public final class PostgresDialect implements Dialect {
  private static final List<Migration> MIGRATIONS = Schema.forDialect("");

  private static final String NOW_MILLIS = "(extract(epoch from now()) * 1000)::bigint";

  private static final String CLAIM_ONE_QUEUE = claimSql("queue = ?");
  private static final String CLAIM_OTHER_QUEUES = claimSql("queue <> all(?)");

  /**
   * Each kind of claimable run is read through its own index, in claim order, stopping at the limit
   * (one branch would sort every pending run); the rows each branch reads are locked with {@code
   * SKIP LOCKED}, and the best {@code limit} of them are claimed.
   */
  private static String claimSql(String queueFilter) {
    String scope = "namespace = ? and workflow = any(?) and " + queueFilter;
    return """
        with pending as (
          select id from runs where status = 'pending' and %SCOPE% and %UNKEYED%
          order by priority desc, created_at, id limit ? for update skip locked),
        due as (
          select id from runs where status = 'waiting' and wake_at <= ? and %SCOPE%
          order by wake_at limit ? for update skip locked),
        unwinding as (
          select id from runs where status = 'compensating' and owner is null and %SCOPE%
            and %UNKEYED%
          limit ? for update skip locked),
        chosen as (
          select id from runs where id in (
            select id from pending union all select id from due union all select id from unwinding)
          order by priority desc, created_at, id limit ?)
        update runs r set status = %TO%,
          owner = ?, epoch = r.epoch + 1, started_at = coalesce(r.started_at, ?), updated_at = ?,
          wake_at = null, wait_reason = null, wait_kind = null, wait_on = null, wait_until = null,
          lease_until = %NOW% + ?
        from chosen c
        where r.id = c.id
        returning %RETURNING%"""
        .replace("%TO%", RunTransition.CLAIM.toSql())
        .replace("%RETURNING%", "r." + Rows.CLAIMED_COLUMNS.replace(", ", ", r."))
        .replace("%SCOPE%", scope)
        .replace("%UNKEYED%", KeyedClaims.UNKEYED_OR_HELD)
        .replace("%NOW%", NOW_MILLIS);
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public List<Migration> migrations() {
    return MIGRATIONS;
  }

  @Override
  public PreparedStatement claim(Tx tx, String namespace, Claim claim) throws SQLException {
    PreparedStatement ps = tx.prepare(claim.queue() == null ? CLAIM_OTHER_QUEUES : CLAIM_ONE_QUEUE);
    int i = 1;
    i = bindScope(tx, ps, i, namespace, claim); // pending
    ps.setInt(i++, claim.max());
    ps.setLong(i++, claim.nowMillis()); // due
    i = bindScope(tx, ps, i, namespace, claim);
    ps.setInt(i++, claim.max());
    i = bindScope(tx, ps, i, namespace, claim); // unwinding
    ps.setInt(i++, claim.max());
    ps.setInt(i++, claim.max()); // chosen
    ps.setString(i++, claim.owner());
    ps.setLong(i++, claim.nowMillis());
    ps.setLong(i++, claim.nowMillis());
    ps.setLong(i, claim.leaseMillis());
    return ps;
  }

  private int bindScope(Tx tx, PreparedStatement ps, int i, String namespace, Claim claim)
      throws SQLException {
    ps.setString(i, namespace);
    bindNames(tx, ps, i + 1, claim.workflows());
    if (claim.queue() == null) {
      bindNames(tx, ps, i + 2, claim.otherQueues());
    } else {
      ps.setString(i + 2, claim.queue());
    }
    return i + 3;
  }

  @Override
  public String memberOf(String column) {
    return column + " = any(?)";
  }

  @Override
  public void bindNames(Tx tx, PreparedStatement ps, int index, Collection<String> names)
      throws SQLException {
    ps.setArray(index, tx.connection().createArrayOf("text", names.toArray()));
  }

  @Override
  public String nowMillis() {
    return NOW_MILLIS;
  }

  @Override
  public String lockForShare() {
    return " for share";
  }

  @Override
  public void lockQueue(Tx tx, String namespace, String queue) throws SQLException {
    PreparedStatement ps = tx.prepare("select pg_advisory_xact_lock(hashtextextended(?, 0))");
    ps.setString(1, "reprise-queue:" + namespace + ":" + queue);
    ps.execute();
  }

  @Override
  public String lockForClaim() {
    return " for update skip locked";
  }

  @Override
  public void lockKeys(Tx tx, String namespace, List<String> keys) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select pg_advisory_xact_lock(h) from (select distinct hashtextextended("
                + "'reprise-key:' || ? || ':' || k, 0) h from unnest(?) k order by 1) locks");
    ps.setString(1, namespace);
    bindNames(tx, ps, 2, keys);
    ps.execute();
  }

  @Override
  public boolean commitsLoneStatements() {
    return true;
  }

  @Override
  public void autoCommit(Tx tx) throws SQLException {
    if (!tx.connection().getAutoCommit()) {
      tx.connection().setAutoCommit(true);
    }
  }

  @Override
  public void begin(Tx tx) throws SQLException {
    if (tx.connection().getAutoCommit()) {
      tx.connection().setAutoCommit(false);
    }
  }

  @Override
  public void commit(Tx tx) throws SQLException {
    tx.connection().commit();
  }

  /** PostgreSQL tells whether the transaction wrote (it has an id) rather than how much. */
  @Override
  public long changeMark(Tx tx) {
    return 0;
  }

  @Override
  public boolean changedSince(Tx tx, long mark) throws SQLException {
    try (var rs = tx.prepare("select txid_current_if_assigned() is not null").executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  @Override
  public void rollback(Tx tx) throws SQLException {
    tx.connection().rollback();
  }

  @Override
  public boolean isConnectionLost(SQLException e) {
    return StoreErrors.isConnectionLost(e);
  }
}
