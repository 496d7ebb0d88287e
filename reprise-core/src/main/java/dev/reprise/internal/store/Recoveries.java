package dev.reprise.internal.store;

import dev.reprise.RecoveryReport;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Boot recovery's SQL, in the writer's transaction. */
final class Recoveries {
  private Recoveries() {}

  private record Interrupted(String runId, int seq, String name) {}

  static RecoveryReport apply(Tx tx, String namespace, Recovery recovery) throws SQLException {
    long now = recovery.nowMillis();
    int quarantined = 0;
    for (Map.Entry<String, String> q : recovery.quarantine().entrySet()) {
      quarantined += quarantine(tx, q.getKey(), q.getValue(), now);
    }
    int unwound = 0;
    for (Interrupted step : interruptedAtMostOnce(tx, namespace)) {
      String reason =
          "step '"
              + step.name()
              + "' (seq "
              + step.seq()
              + ") is at-most-once and was interrupted"
              + " by a crash; it is not run again";
      PreparedStatement ps =
          tx.prepare(
              "update steps set status = 'failed', error_type = 'interrupted', error_message = ?,"
                  + " ended_at = ? where run_id = ? and seq = ?");
      ps.setString(1, "interrupted by a crash; at-most-once, not run again");
      ps.setLong(2, now);
      ps.setString(3, step.runId());
      ps.setInt(4, step.seq());
      ps.executeUpdate();
      // the run unwinds: its compensations run when it is next claimed
      PreparedStatement run =
          tx.prepare(
              "update runs set status = 'compensating', error_type = coalesce(error_type, ?),"
                  + " error_message = coalesce(error_message, ?), failure_reason = "
                  + JdbcStore.APPEND_REASON
                  + ", updated_at = ? where id = ? and status = 'running'");
      run.setString(1, "interrupted_at_most_once");
      run.setString(2, reason);
      int i = JdbcStore.bindReason(run, 3, ReasonLine.of(now, reason));
      run.setLong(i, now);
      run.setString(i + 1, step.runId());
      unwound += run.executeUpdate();
    }
    PreparedStatement reset =
        tx.prepare(
            "update steps set status = 'pending' where run_id in (select id from runs"
                + " where namespace = ? and status in ('running', 'compensating'))"
                + " and status = 'executing'");
    reset.setString(1, namespace);
    int stepsReset = reset.executeUpdate();
    PreparedStatement restart =
        tx.prepare(
            "update runs set status = case when status = 'running' then 'pending' else status end,"
                + " owner = null, recoveries = recoveries + 1, updated_at = ?"
                + " where namespace = ? and status in ('running', 'compensating')");
    restart.setLong(1, now);
    restart.setString(2, namespace);
    int restarted = restart.executeUpdate() - unwound;
    return new RecoveryReport(stepsReset, restarted, unwound, quarantined);
  }

  private static List<Interrupted> interruptedAtMostOnce(Tx tx, String namespace)
      throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select s.run_id, s.seq, s.name from runs r join steps s on s.run_id = r.id"
                + " where r.namespace = ? and r.status = 'running' and s.status = 'executing'"
                + " and s.at_most_once = 1");
    ps.setString(1, namespace);
    List<Interrupted> found = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        found.add(new Interrupted(rs.getString(1), rs.getInt(2), rs.getString(3)));
      }
    }
    return found;
  }

  private static int quarantine(Tx tx, String runId, String reason, long now) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "update runs set status = 'failed', error_type = 'quarantined', error_message = ?,"
                + " failure_reason = "
                + JdbcStore.APPEND_REASON
                + ", ended_at = ?, updated_at = ? where id = ? and status in ('running', 'compensating')");
    ps.setString(1, reason);
    int i = JdbcStore.bindReason(ps, 2, ReasonLine.of(now, "quarantined: " + reason));
    ps.setLong(i, now);
    ps.setLong(i + 1, now);
    ps.setString(i + 2, runId);
    return ps.executeUpdate();
  }
}
