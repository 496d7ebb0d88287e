package dev.reprise.internal.store.jdbc;

import dev.reprise.ConcurrencyKey;
import dev.reprise.internal.store.ConcurrencyLimits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/** Concurrency limits over JDBC; {@link KeyedClaims} reads them in each claim. */
final class JdbcConcurrencyLimits implements ConcurrencyLimits {
  private final JdbcContext ctx;

  JdbcConcurrencyLimits(JdbcContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void put(String name, int maxRunning, long now) {
    ctx.writer()
        .execute(
            tx -> {
              if (maxRunning == ConcurrencyKey.DEFAULT_LIMIT) {
                PreparedStatement ps =
                    tx.prepare("delete from concurrency_limits where namespace = ? and name = ?");
                ps.setString(1, ctx.scope());
                ps.setString(2, name);
                return ps.executeUpdate();
              }
              PreparedStatement ps =
                  tx.prepare(
                      "insert into concurrency_limits (namespace, name, max_running, updated_at)"
                          + " values (?, ?, ?, ?) on conflict (namespace, name) do update set"
                          + " max_running = excluded.max_running,"
                          + " updated_at = excluded.updated_at");
              ps.setString(1, ctx.scope());
              ps.setString(2, name);
              ps.setInt(3, maxRunning);
              ps.setLong(4, now);
              return ps.executeUpdate();
            });
  }

  @Override
  public Map<String, Integer> all() {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select name, max_running from concurrency_limits where namespace = ?"
                          + " order by name");
              ps.setString(1, ctx.scope());
              Map<String, Integer> limits = new TreeMap<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  limits.put(rs.getString(1), rs.getInt(2));
                }
              }
              return limits;
            });
  }
}
