package dev.reprise.internal.store.jdbc;

import dev.reprise.AuditEntry;
import dev.reprise.OperatorAction;
import dev.reprise.internal.store.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit over JDBC. Entry ids sort by time, then by the order this process wrote them, so that a
 * run's entries read back in the order they were made.
 */
final class JdbcAuditLog implements AuditLog {
  private static final String COLUMNS = "action, run_id, schedule, actor, reason, detail, at";
  private static final AtomicLong SEQUENCE =
      new AtomicLong(ThreadLocalRandom.current().nextLong(1L << 40));

  private final JdbcContext ctx;

  JdbcAuditLog(JdbcContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void record(AuditEntry e) {
    long at = e.at().toEpochMilli();
    String id = String.format("%013d-%016x", at, SEQUENCE.incrementAndGet());
    ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "insert into audit (id, namespace, "
                          + COLUMNS
                          + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
              ps.setString(1, id);
              ps.setString(2, ctx.scope());
              ps.setString(3, e.action().label());
              ps.setString(4, e.runId());
              ps.setString(5, e.schedule());
              ps.setString(6, e.actor());
              ps.setString(7, e.reason());
              ps.setString(8, e.detail());
              ps.setLong(9, at);
              return ps.executeUpdate();
            });
  }

  @Override
  public List<AuditEntry> ofRun(String runId) {
    return query("run_id", runId);
  }

  @Override
  public List<AuditEntry> ofSchedule(String name) {
    return query("schedule", name);
  }

  private List<AuditEntry> query(String column, String value) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select "
                          + COLUMNS
                          + " from audit where namespace = ? and "
                          + column
                          + " = ? order by id");
              ps.setString(1, ctx.scope());
              ps.setString(2, value);
              List<AuditEntry> found = new ArrayList<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  found.add(
                      new AuditEntry(
                          OperatorAction.fromLabel(rs.getString("action")),
                          rs.getString("run_id"),
                          rs.getString("schedule"),
                          rs.getString("actor"),
                          rs.getString("reason"),
                          rs.getString("detail"),
                          Sql.instant(rs, "at")));
                }
              }
              return found;
            });
  }
}
