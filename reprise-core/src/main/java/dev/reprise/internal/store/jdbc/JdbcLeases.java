package dev.reprise.internal.store.jdbc;

import dev.reprise.SweepReport;
import dev.reprise.internal.store.Leases;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.RunHead;
import dev.reprise.internal.store.StatusSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Nodes, leases, sweeps and definitions over JDBC; every write through the journal writer. */
final class JdbcLeases implements Leases {
  private final JdbcContext ctx;
  private final Dialect dialect;

  JdbcLeases(JdbcContext ctx) {
    this.ctx = ctx;
    this.dialect = ctx.dialect();
  }

  @Override
  public Optional<Node> node(String id) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select id, namespace, env, host, pid, "
                          + dialect.nowMillis()
                          + " - heartbeat_at as heartbeat_age, stopped_at from nodes where id = ?");
              ps.setString(1, id);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  return Optional.<Node>empty();
                }
                return Optional.of(
                    new Node(
                        rs.getString("id"),
                        rs.getString("namespace"),
                        rs.getString("env"),
                        rs.getString("host"),
                        rs.getLong("pid"),
                        rs.getLong("heartbeat_age"),
                        Sql.nullableLong(rs, "stopped_at") != null));
              }
            });
  }

  @Override
  public Optional<SessionLock> sessionLock(long timeoutMillis) {
    if (!(dialect instanceof PostgresDialect)) {
      return Optional.empty();
    }
    try {
      Connection c = ctx.readers().keep();
      return c == null
          ? Optional.empty()
          : Optional.of(NodeSessionLock.take(c, (int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
    } catch (SQLException e) {
      throw StoreErrors.translate("take the node's session lock", e);
    }
  }

  @Override
  public void register(
      String id,
      String namespace,
      String env,
      String host,
      long pid,
      Long lockKey,
      long graceMillis) {
    ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      ("insert into nodes (id, namespace, env, host, pid, started_at, heartbeat_at,"
                              + " lock_key, lock_grace_ms) values (?, ?, ?, ?, ?, %1$s, %1$s, ?, ?)"
                              + " on conflict (id) do update set"
                              + " namespace = excluded.namespace, env = excluded.env,"
                              + " host = excluded.host, pid = excluded.pid,"
                              + " started_at = excluded.started_at,"
                              + " heartbeat_at = excluded.heartbeat_at, stopped_at = null,"
                              + " lock_key = excluded.lock_key, lock_grace_ms = excluded.lock_grace_ms")
                          .formatted(dialect.nowMillis()));
              ps.setString(1, id);
              ps.setString(2, namespace);
              ps.setString(3, env);
              ps.setString(4, host);
              ps.setLong(5, pid);
              ps.setObject(6, lockKey, Types.BIGINT);
              ps.setLong(7, graceMillis);
              ps.executeUpdate();
              return null;
            });
  }

  @Override
  public void relock(String id, long lockKey) {
    ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps = tx.prepare("update nodes set lock_key = ? where id = ?");
              ps.setLong(1, lockKey);
              ps.setString(2, id);
              ps.executeUpdate();
              return null;
            });
  }

  @Override
  public Set<String> heartbeat(String nodeId, Collection<String> runIds, long leaseMillis) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement node =
                  tx.prepare(
                      "update nodes set heartbeat_at = " + dialect.nowMillis() + " where id = ?");
              node.setString(1, nodeId);
              node.executeUpdate();
              if (runIds.isEmpty()) {
                return Set.<String>of();
              }
              PreparedStatement renew =
                  tx.prepare(
                      "update runs set lease_until = "
                          + dialect.nowMillis()
                          + " + ? where owner = ? and status in "
                          + StatusSet.HELD.sql()
                          + " and "
                          + dialect.memberOf("id")
                          + " returning id");
              renew.setLong(1, leaseMillis);
              renew.setString(2, nodeId);
              dialect.bindNames(tx, renew, 3, runIds);
              Set<String> renewed = new HashSet<>();
              try (ResultSet rs = renew.executeQuery()) {
                while (rs.next()) {
                  renewed.add(rs.getString("id"));
                }
              }
              return renewed;
            });
  }

  @Override
  public boolean renew(String runId, long epoch, String nodeId, long leaseMillis) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update runs set lease_until = "
                          + dialect.nowMillis()
                          + " + ? where id = ? and epoch = ? and owner = ? and status in "
                          + StatusSet.HELD.sql());
              ps.setLong(1, leaseMillis);
              ps.setString(2, runId);
              ps.setLong(3, epoch);
              ps.setString(4, nodeId);
              return ps.executeUpdate() == 1;
            });
  }

  @Override
  public void stopped(String nodeId) {
    ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update nodes set stopped_at = " + dialect.nowMillis() + " where id = ?");
              ps.setString(1, nodeId);
              ps.executeUpdate();
              return null;
            });
  }

  @Override
  public List<RunHead> expired(boolean global, int limit) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select "
                          + Rows.HEAD_COLUMNS
                          + " from runs where status in "
                          + StatusSet.HELD.sql()
                          + " and lease_until < "
                          + dialect.nowMillis()
                          + (global ? "" : " and namespace = ?")
                          + " order by lease_until limit ?");
              int i = 1;
              if (!global) {
                ps.setString(i++, ctx.scope());
              }
              ps.setInt(i, limit);
              return Rows.runHeads(ps);
            });
  }

  @Override
  public SweepReport sweep(Map<RunHead, RunFailure> decisions, long nowMillis, int crashLoopLimit) {
    if (decisions.isEmpty()) {
      return SweepReport.NONE;
    }
    return ctx.writer()
        .execute(tx -> Recoveries.sweep(tx, dialect, decisions, nowMillis, crashLoopLimit));
  }

  @Override
  public List<EndedNode> endedNodes(boolean global) {
    if (!(dialect instanceof PostgresDialect)) {
      return List.of(); // no session locks, so no node found ended by one
    }
    return ctx.readers()
        .read(
            tx -> {
              // a free key is taken for this statement's transaction only, and given back with it
              PreparedStatement ps =
                  tx.prepare(
                      "with owners as materialized (select distinct owner from runs where status in "
                          + StatusSet.HELD.sql()
                          + (global ? "" : " and namespace = ?")
                          + ") select n.id, n.lock_key, n.lock_grace_ms from nodes n join owners o on o.owner = n.id"
                          + " where n.lock_key is not null and n.lock_grace_ms is not null"
                          + " and pg_try_advisory_xact_lock(n.lock_key)");
              if (!global) {
                ps.setString(1, ctx.scope());
              }
              List<EndedNode> ended = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  ended.add(
                      new EndedNode(
                          rs.getString("id"), rs.getLong("lock_key"), rs.getLong("lock_grace_ms")));
                }
              }
              return ended;
            });
  }

  @Override
  public List<RunHead> heldBy(EndedNode node, boolean global, int limit) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select "
                          + Rows.HEAD_COLUMNS
                          + " from runs where owner = ? and status in "
                          + StatusSet.HELD.sql()
                          + (global ? "" : " and namespace = ?")
                          + " and exists (select 1 from nodes where id = ? and lock_key = ?)"
                          + " order by id limit ?");
              int i = 1;
              ps.setString(i++, node.id());
              if (!global) {
                ps.setString(i++, ctx.scope());
              }
              ps.setString(i++, node.id());
              ps.setLong(i++, node.lockKey());
              ps.setInt(i, limit);
              return Rows.runHeads(ps);
            });
  }

  @Override
  public SweepReport sweepEnded(
      EndedNode node, Map<RunHead, RunFailure> decisions, long nowMillis, int crashLoopLimit) {
    if (decisions.isEmpty()) {
      return SweepReport.NONE;
    }
    return ctx.writer()
        .execute(
            tx ->
                Recoveries.sweepEnded(
                    tx, dialect, node.id(), node.lockKey(), decisions, nowMillis, crashLoopLimit));
  }

  @Override
  public void define(Map<String, String> policies, String nodeId, long nowMillis) {
    if (policies.isEmpty()) {
      return;
    }
    ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "insert into definitions (namespace, workflow, recovery_policy, updated_by,"
                          + " updated_at) values (?, ?, ?, ?, ?) on conflict (namespace, workflow)"
                          + " do update set recovery_policy = excluded.recovery_policy,"
                          + " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
              for (Map.Entry<String, String> p : policies.entrySet()) {
                ps.setString(1, ctx.scope());
                ps.setString(2, p.getKey());
                ps.setString(3, p.getValue());
                ps.setString(4, nodeId);
                ps.setLong(5, nowMillis);
                ps.executeUpdate();
              }
              return null;
            });
  }

  @Override
  public Optional<String> definedPolicy(String runScope, String workflow) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select recovery_policy from definitions where namespace = ? and workflow = ?");
              ps.setString(1, runScope);
              ps.setString(2, workflow);
              try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                    ? Optional.of(rs.getString("recovery_policy"))
                    : Optional.<String>empty();
              }
            });
  }
}
