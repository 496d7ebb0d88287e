package dev.reprise.internal.store;

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

  private static String claimSql(String queueFilter) {
    return """
        update runs r set status = case when r.status = 'compensating' then r.status else 'running' end,
          owner = ?, epoch = r.epoch + 1, started_at = coalesce(r.started_at, ?), updated_at = ?,
          wake_at = null, wait_reason = null, lease_until = %NOW% + ?
        from (
          select id from runs
          where namespace = ? and workflow = any(?) and %QUEUE%
            and (status = 'pending' or (status = 'waiting' and wake_at <= ?)
              or (status = 'compensating' and owner is null))
          order by priority desc, created_at, id
          limit ?
          for update skip locked) c
        where r.id = c.id
        returning r.id, r.workflow, r.input, r.epoch, r.status, r.error_type, r.error_message,
          r.cancel_reason, r.deadline_at, r.queue"""
        .replace("%QUEUE%", queueFilter)
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
    ps.setString(1, claim.owner());
    ps.setLong(2, claim.nowMillis());
    ps.setLong(3, claim.nowMillis());
    ps.setLong(4, claim.leaseMillis());
    ps.setString(5, namespace);
    bindNames(tx, ps, 6, claim.workflows());
    if (claim.queue() == null) {
      bindNames(tx, ps, 7, claim.otherQueues());
    } else {
      ps.setString(7, claim.queue());
    }
    ps.setLong(8, claim.nowMillis());
    ps.setInt(9, claim.max());
    return ps;
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
  public void begin(Tx tx) throws SQLException {
    if (tx.connection().getAutoCommit()) {
      tx.connection().setAutoCommit(false);
    }
  }

  @Override
  public void commit(Tx tx) throws SQLException {
    tx.connection().commit();
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
