package dev.reprise.internal.store.jdbc;

import dev.reprise.SweepReport;
import dev.reprise.internal.store.Leases;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.RunHead;
import dev.reprise.internal.store.StatusSet;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
  public void register(String id, String namespace, String env, String host, long pid) {
    ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      ("insert into nodes (id, namespace, env, host, pid, started_at, heartbeat_at)"
                              + " values (?, ?, ?, ?, ?, %1$s, %1$s) on conflict (id) do update set"
                              + " namespace = excluded.namespace, env = excluded.env,"
                              + " host = excluded.host, pid = excluded.pid,"
                              + " started_at = excluded.started_at,"
                              + " heartbeat_at = excluded.heartbeat_at, stopped_at = null")
                          .formatted(dialect.nowMillis()));
              ps.setString(1, id);
              ps.setString(2, namespace);
              ps.setString(3, env);
              ps.setString(4, host);
              ps.setLong(5, pid);
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
              List<RunHead> heads = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  heads.add(Rows.runHead(rs));
                }
              }
              return heads;
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
