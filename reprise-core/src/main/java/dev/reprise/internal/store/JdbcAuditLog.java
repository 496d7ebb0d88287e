package dev.reprise.internal.store;

import dev.reprise.AuditEntry;
import dev.reprise.OperatorAction;
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

  private final JdbcStore store;
  private final String namespace;
  private final Readers readers;

  JdbcAuditLog(JdbcStore store, String namespace, Readers readers) {
    this.store = store;
    this.namespace = namespace;
    this.readers = readers;
  }

  @Override
  public void record(AuditEntry e) {
    long at = e.at().toEpochMilli();
    String id = String.format("%013d-%016x", at, SEQUENCE.incrementAndGet());
    store
        .writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "insert into audit (id, namespace, "
                          + COLUMNS
                          + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
              ps.setString(1, id);
              ps.setString(2, namespace);
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
    return readers.read(
        tx -> {
          PreparedStatement ps =
              tx.prepare(
                  "select "
                      + COLUMNS
                      + " from audit where namespace = ? and "
                      + column
                      + " = ? order by id");
          ps.setString(1, namespace);
          ps.setString(2, value);
          List<AuditEntry> found = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              found.add(
                  new AuditEntry(
                      OperatorAction.fromLabel(rs.getString(1)),
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      Rows.instant(rs, 7)));
            }
          }
          return found;
        });
  }
}
