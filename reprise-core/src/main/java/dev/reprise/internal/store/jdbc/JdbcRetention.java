package dev.reprise.internal.store.jdbc;

import dev.reprise.RetentionPolicy;
import dev.reprise.RunStatus;
import dev.reprise.internal.store.RetentionRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Retention policies over JDBC, applied with the deletion vacuum uses. */
final class JdbcRetention implements RetentionRows {
  private final JdbcContext ctx;

  JdbcRetention(JdbcContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void put(String workflow, RetentionPolicy policy, long now) {
    ctx.writer()
        .execute(
            tx -> {
              if (policy.keepsAll()) {
                PreparedStatement ps =
                    tx.prepare(
                        "delete from retention_policies where namespace = ? and workflow = ?");
                ps.setString(1, ctx.scope());
                ps.setString(2, workflow);
                return ps.executeUpdate();
              }
              PreparedStatement ps =
                  tx.prepare(
                      "insert into retention_policies (namespace, workflow, completed_ms,"
                          + " failed_ms, cancelled_ms, updated_at) values (?, ?, ?, ?, ?, ?)"
                          + " on conflict (namespace, workflow) do update set"
                          + " completed_ms = excluded.completed_ms, failed_ms = excluded.failed_ms,"
                          + " cancelled_ms = excluded.cancelled_ms,"
                          + " updated_at = excluded.updated_at");
              ps.setString(1, ctx.scope());
              ps.setString(2, workflow);
              Sql.setLong(ps, 3, millis(policy.completed()));
              Sql.setLong(ps, 4, millis(policy.failed()));
              Sql.setLong(ps, 5, millis(policy.cancelled()));
              ps.setLong(6, now);
              return ps.executeUpdate();
            });
  }

  private static Long millis(Duration d) {
    return d == null ? null : d.toMillis();
  }

  @Override
  public Map<String, RetentionPolicy> policies() {
    return ctx.readers().read(this::read);
  }

  private Map<String, RetentionPolicy> read(Tx tx) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select workflow, completed_ms, failed_ms, cancelled_ms from retention_policies"
                + " where namespace = ? order by workflow");
    ps.setString(1, ctx.scope());
    Map<String, RetentionPolicy> policies = new TreeMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        policies.put(
            rs.getString("workflow"),
            new RetentionPolicy(
                duration(rs, "completed_ms"),
                duration(rs, "failed_ms"),
                duration(rs, "cancelled_ms")));
      }
    }
    return policies;
  }

  private static Duration duration(ResultSet rs, String column) throws SQLException {
    Long ms = Sql.nullableLong(rs, column);
    return ms == null ? null : Duration.ofMillis(ms);
  }

  @Override
  public int apply(long now, int batch) {
    int deleted = 0;
    for (Map.Entry<String, RetentionPolicy> e : policies().entrySet()) {
      RetentionPolicy p = e.getValue();
      deleted += delete(e.getKey(), RunStatus.COMPLETED, p.completed(), now, batch);
      deleted += delete(e.getKey(), RunStatus.FAILED, p.failed(), now, batch);
      deleted += delete(e.getKey(), RunStatus.CANCELLED, p.cancelled(), now, batch);
    }
    return deleted;
  }

  private int delete(String workflow, RunStatus status, Duration keep, long now, int batch) {
    if (keep == null) {
      return 0;
    }
    return RunDeletions.deleteEnded(ctx, Set.of(status), workflow, now - keep.toMillis(), batch);
  }
}
