package dev.reprise.internal.store.jdbc;

import static dev.reprise.internal.store.RunTransition.QUARANTINE;

import dev.reprise.RunStatus;
import dev.reprise.Wait;
import dev.reprise.internal.store.ReasonLine;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs whose recovery keeps ending their process (a step that calls {@code System.exit}, say): each
 * crash recovery counts one more for a run that completed no entry since the last one, and a run at
 * the limit is quarantined instead of started again ({@link
 * dev.reprise.internal.store.RunTransition#QUARANTINE}): a running run waits for an operator with a
 * reason naming the step, an unwinding one ends {@code failed_compensation} naming the
 * compensation. In recovery's transaction.
 */
final class CrashLoops {
  private CrashLoops() {}

  /** Binds the placeholders of a condition from {@code index}; returns the next index. */
  @FunctionalInterface
  interface Binder {
    int bind(PreparedStatement ps, int index) throws SQLException;
  }

  private static final String COMPLETED =
      "(select count(*) from steps s where s.run_id = runs.id and s.status = 'completed')";

  /**
   * Counts a crash for the held runs {@code where} selects, and quarantines those that reached
   * {@code limit}; returns how many it quarantined.
   */
  static int count(Tx tx, String where, Binder binder, int limit, long now) throws SQLException {
    PreparedStatement streak =
        tx.prepare(
            "update runs set crash_streak = case when "
                + COMPLETED
                + " = crash_mark then crash_streak + 1 else 1 end, crash_mark = "
                + COMPLETED
                + " where "
                + where);
    binder.bind(streak, 1);
    streak.executeUpdate();
    PreparedStatement looping =
        tx.prepare(
            "select id, status, crash_streak from runs where crash_streak >= ? and " + where);
    looping.setInt(1, limit);
    binder.bind(looping, 2);
    record Looping(String id, RunStatus status, int streak) {}
    List<Looping> found = new ArrayList<>();
    try (ResultSet rs = looping.executeQuery()) {
      while (rs.next()) {
        found.add(
            new Looping(
                rs.getString("id"),
                RunStatus.fromLabel(rs.getString("status")),
                rs.getInt("crash_streak")));
      }
    }
    for (Looping run : found) {
      quarantine(tx, run.id(), run.status(), run.streak(), now);
    }
    return found.size();
  }

  private static void quarantine(Tx tx, String runId, RunStatus status, int streak, long now)
      throws SQLException {
    String entry = interruptedEntry(tx, runId);
    String reason =
        "quarantined: its recovery ended its process "
            + streak
            + " times in a row with no step completed in between, each time in "
            + entry
            + "; fix it, then resume or cancel the run";
    PreparedStatement reset =
        tx.prepare("update steps set status = 'pending' where run_id = ? and status = 'executing'");
    reset.setString(1, runId);
    reset.executeUpdate();
    PreparedStatement ps;
    if (status == RunStatus.RUNNING) {
      ps =
          tx.prepare(
              "update runs set status = '"
                  + RunStatus.WAITING.label()
                  + "', owner = null, epoch = epoch + 1, lease_until = null, wake_at = ?,"
                  + " wait_kind = ?, wait_on = ?, wait_until = null, wait_reason = ?,"
                  + " failure_reason = "
                  + Sql.APPEND_REASON
                  + ", updated_at = ? where id = ? and status in "
                  + QUARANTINE.fromSql(RunStatus.WAITING));
      ps.setLong(1, Long.MAX_VALUE);
      ps.setString(2, WaitColumns.OPERATOR);
      ps.setString(3, Wait.Operator.CRASH_LOOP);
      ps.setString(4, reason);
      int i = Sql.bindReason(ps, 5, ReasonLine.of(now, reason));
      ps.setLong(i, now);
      ps.setString(i + 1, runId);
    } else {
      ps =
          tx.prepare(
              "update runs set status = '"
                  + RunStatus.FAILED_COMPENSATION.label()
                  + "', owner = null, epoch = epoch + 1, lease_until = null, failure_reason = "
                  + Sql.APPEND_REASON
                  + ", ended_at = ?, updated_at = ? where id = ? and status in "
                  + QUARANTINE.fromSql(RunStatus.FAILED_COMPENSATION));
      int i = Sql.bindReason(ps, 1, ReasonLine.of(now, reason));
      ps.setLong(i, now);
      ps.setLong(i + 1, now);
      ps.setString(i + 2, runId);
    }
    if (ps.executeUpdate() == 1 && status != RunStatus.RUNNING) {
      // it ended: its parent is told, and its children go with it, as any end
      ParentWakes.wakeParentOf(tx, runId, now);
      String cascade = "parent run " + runId + " " + RunStatus.FAILED_COMPENSATION.label();
      Cascades.cancelDescendants(tx, runId, cascade, ReasonLine.of(now, cascade), now);
    }
  }

  /** The entry the run was in when its process ended, in words. */
  private static String interruptedEntry(Tx tx, String runId) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select seq, name, kind from steps where run_id = ? and status = 'executing'"
                + " order by seq desc limit 1");
    ps.setString(1, runId);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return "no step (its workflow code between steps)";
      }
      String what = "compensation".equals(rs.getString("kind")) ? "the compensation of " : "";
      return what + "step '" + rs.getString("name") + "' (seq " + rs.getInt("seq") + ")";
    }
  }
}
