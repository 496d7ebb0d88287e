package dev.reprise.internal.store.jdbc;

import static dev.reprise.internal.store.RunTransition.CANCEL_PENDING;
import static dev.reprise.internal.store.RunTransition.MARK_FAILED_COMPENSATION;
import static dev.reprise.internal.store.RunTransition.REQUEST_CANCEL;
import static dev.reprise.internal.store.RunTransition.RESOLVE;
import static dev.reprise.internal.store.RunTransition.RESUME;
import static dev.reprise.internal.store.RunTransition.RETRY_COMPENSATION;
import static dev.reprise.internal.store.RunTransition.SIGNAL;

import dev.reprise.RunStatus;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.internal.store.Operations;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.StatusSet;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Operator actions over JDBC. Each is one conditional update whose statuses come from {@link
 * dev.reprise.internal.store.RunTransition}; when it changes nothing, a second look tells a run
 * that is not there from one in another status.
 */
final class JdbcOperations implements Operations {
  private final JdbcContext ctx;

  JdbcOperations(JdbcContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public int vacuum(long cutoffMillis, int batch) {
    return RunDeletions.deleteEnded(
        ctx, StatusSet.VACUUMABLE.statuses(), null, cutoffMillis, batch);
  }

  @Override
  public Change markFailedCompensation(String runId, String reasonLine, long now) {
    return change(
        runId,
        "update runs set status = "
            + MARK_FAILED_COMPENSATION.toSql()
            + ", owner = null, epoch = epoch + 1, failure_reason = "
            + Sql.APPEND_REASON
            + ", ended_at = ?, updated_at = ? where id = ? and namespace = ?"
            + " and superseded_by is null and status in "
            + MARK_FAILED_COMPENSATION.fromSql(),
        reasonLine,
        now,
        null,
        // the run has ended: a parent waiting for it as a child goes on
        tx -> ParentWakes.wakeParentOf(tx, runId, now));
  }

  @Override
  public Change retryCompensation(String runId, String reasonLine, long now) {
    return change(
        runId,
        "update runs set status = "
            + RETRY_COMPENSATION.toSql()
            + ", owner = null, key_held = 0, epoch = epoch + 1, failure_reason = "
            + Sql.APPEND_REASON
            + ", ended_at = null, updated_at = ? where id = ? and namespace = ?"
            + " and superseded_by is null and status in "
            + RETRY_COMPENSATION.fromSql(),
        reasonLine,
        null,
        now,
        // in the same transaction: the run must not be claimed before its failed
        // compensations are ready to run again
        tx -> {
          PreparedStatement ps =
              tx.prepare(
                  "update steps set status = ?, attempts = 0, error_type = null,"
                      + " error_message = null where run_id = ? and kind = ? and status = ?");
          ps.setString(1, StepStatus.PENDING.label());
          ps.setString(2, runId);
          ps.setString(3, StepKind.COMPENSATION.label());
          ps.setString(4, StepStatus.FAILED.label());
          ps.executeUpdate();
        });
  }

  @Override
  public Change resolve(String runId, String note, String reasonLine, long now) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update runs set status = "
                          + RESOLVE.toSql()
                          + ", resolution = ?, failure_reason = "
                          + Sql.APPEND_REASON
                          + ", updated_at = ? where id = ? and namespace = ? and status in "
                          + RESOLVE.fromSql());
              ps.setString(1, note);
              int i = Sql.bindReason(ps, 2, reasonLine);
              ps.setLong(i, now);
              ps.setString(i + 1, runId);
              ps.setString(i + 2, ctx.scope());
              return outcome(tx, runId, ps.executeUpdate());
            });
  }

  @Override
  public Change cancel(String runId, String reason, String reasonLine, long now) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement pending =
                  tx.prepare(
                      "update runs set status = "
                          + CANCEL_PENDING.toSql()
                          + ", error_type = "
                          + RunFailure.CANCELLED_SQL
                          + ", error_message = ?, cancel_reason = ?,"
                          + " failure_reason = "
                          + Sql.APPEND_REASON
                          + ", ended_at = ?, updated_at = ? where id = ? and namespace = ?"
                          + " and status in "
                          + CANCEL_PENDING.fromSql()
                          + Cascades.NO_JOURNAL);
              pending.setString(1, reason);
              pending.setString(2, reason);
              int i = Sql.bindReason(pending, 3, reasonLine);
              pending.setLong(i, now);
              pending.setLong(i + 1, now);
              pending.setString(i + 2, runId);
              pending.setString(i + 3, ctx.scope());
              String cascade = "parent run " + runId + " was cancelled: " + reason;
              if (pending.executeUpdate() == 1) {
                ParentWakes.wakeParentOf(tx, runId, now);
                Cascades.cancelDescendants(tx, runId, cascade, ReasonLine.of(now, cascade), now);
                return Change.DONE;
              }
              // a waiting run is made due at once, to see the request at its next replay
              PreparedStatement started =
                  tx.prepare(
                      "update runs set cancel_reason = coalesce(cancel_reason, ?),"
                          + " wake_at = case when status = '"
                          + RunStatus.WAITING.label()
                          + "' then ? else wake_at end, updated_at = ?"
                          + " where id = ? and namespace = ? and status in "
                          + REQUEST_CANCEL.fromSql());
              started.setString(1, reason);
              started.setLong(2, now);
              started.setLong(3, now);
              started.setString(4, runId);
              started.setString(5, ctx.scope());
              Change change = outcome(tx, runId, started.executeUpdate());
              if (change == Change.DONE) {
                Cascades.cancelDescendants(tx, runId, cascade, ReasonLine.of(now, cascade), now);
              }
              return change;
            });
  }

  @Override
  public Change resume(String runId, String reasonLine, long now) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement waiting =
                  tx.prepare(
                      "update runs set wake_at = ?, crash_streak = 0, failure_reason = "
                          + Sql.APPEND_REASON
                          + ", updated_at = ? where id = ? and namespace = ? and status = '"
                          + RunStatus.WAITING.label()
                          + "' and wait_kind = '"
                          + WaitColumns.OPERATOR
                          + "'");
              waiting.setLong(1, now);
              int i = Sql.bindReason(waiting, 2, reasonLine);
              waiting.setLong(i, now);
              waiting.setString(i + 1, runId);
              waiting.setString(i + 2, ctx.scope());
              if (waiting.executeUpdate() == 1) {
                // the entry its process kept dying in (a quarantined run) runs again with every
                // attempt of its policy: the crashes that used them up are what the resume forgives
                PreparedStatement again =
                    tx.prepare(
                        "update steps set attempts = 0 where run_id = ? and status = '"
                            + StepStatus.PENDING.label()
                            + "'");
                again.setString(1, runId);
                again.executeUpdate();
                return Change.DONE;
              }
              // a failed run whose steps were not undone, nor settled by hand, goes back in place
              PreparedStatement failed =
                  tx.prepare(
                      "update runs set status = "
                          + RESUME.toSql()
                          + ", error_type = null, error_message = null, output = null,"
                          + " ended_at = null, cancel_reason = null, recoveries = 0,"
                          + " crash_streak = 0, owner = null, lease_until = null, key_held = 0,"
                          + " epoch = epoch + 1, failure_reason = "
                          + Sql.APPEND_REASON
                          + ", updated_at = ? where id = ? and namespace = ? and status = '"
                          + RunStatus.FAILED.label()
                          + "' and compensated = 0 and resolution is null"
                          + " and superseded_by is null and not exists"
                          + " (select 1 from steps where run_id = runs.id and kind = '"
                          + StepKind.COMPENSATION.label()
                          + "')");
              int j = Sql.bindReason(failed, 1, reasonLine);
              failed.setLong(j, now);
              failed.setString(j + 1, runId);
              failed.setString(j + 2, ctx.scope());
              Change change = outcome(tx, runId, failed.executeUpdate());
              if (change == Change.DONE) {
                // the entry whose failure ended the run runs again; nothing follows it
                PreparedStatement again =
                    tx.prepare(
                        "update steps set status = 'pending', attempts = 0, error_type = null,"
                            + " error_message = null, ended_at = null where run_id = ?"
                            + " and status = 'failed' and seq = (select max(seq) from steps"
                            + " where run_id = ?)");
                again.setString(1, runId);
                again.setString(2, runId);
                again.executeUpdate();
              }
              return change;
            });
  }

  @Override
  public Change signal(String runId, String signalId, String name, String payload, long now) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement status =
                  tx.prepare(
                      "select 1 from runs where id = ? and namespace = ? and status in "
                          + SIGNAL.fromSql());
              status.setString(1, runId);
              status.setString(2, ctx.scope());
              try (ResultSet rs = status.executeQuery()) {
                if (!rs.next()) {
                  return outcome(tx, runId, 0);
                }
              }
              PreparedStatement insert =
                  tx.prepare(
                      "insert into signals (id, run_id, seq, name, payload, sent_at) values (?, ?,"
                          + " (select coalesce(max(seq), 0) + 1 from signals where run_id = ?),"
                          + " ?, ?, ?)");
              insert.setString(1, signalId);
              insert.setString(2, runId);
              insert.setString(3, runId);
              insert.setString(4, name);
              insert.setString(5, payload);
              insert.setLong(6, now);
              insert.executeUpdate();
              PreparedStatement due =
                  tx.prepare(
                      "update runs set wake_at = ? where id = ? and status = '"
                          + RunStatus.WAITING.label()
                          + "' and wait_kind = '"
                          + WaitColumns.SIGNAL
                          + "' and wait_on = ?");
              due.setLong(1, now);
              due.setString(2, runId);
              due.setString(3, name);
              due.executeUpdate();
              return Change.DONE;
            });
  }

  /** More work in the transaction of a change that was made. */
  @FunctionalInterface
  private interface Then {
    void run(Tx tx) throws SQLException;
  }

  /**
   * Runs an update with the reason at its first placeholders, then the times, id, namespace; when
   * it changed the run, {@code then} in the same transaction.
   */
  private Change change(
      String runId, String sql, String reasonLine, Long endedAt, Long updatedAt, Then then) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps = tx.prepare(sql);
              int i = Sql.bindReason(ps, 1, reasonLine);
              if (endedAt != null) {
                ps.setLong(i++, endedAt);
                ps.setLong(i++, endedAt);
              } else {
                ps.setLong(i++, updatedAt);
              }
              ps.setString(i, runId);
              ps.setString(i + 1, ctx.scope());
              Change change = outcome(tx, runId, ps.executeUpdate());
              if (change == Change.DONE) {
                then.run(tx);
              }
              return change;
            });
  }

  private Change outcome(Tx tx, String runId, int updated) throws SQLException {
    if (updated == 1) {
      return Change.DONE;
    }
    PreparedStatement ps = tx.prepare("select 1 from runs where id = ? and namespace = ?");
    ps.setString(1, runId);
    ps.setString(2, ctx.scope());
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Change.WRONG_STATUS : Change.NOT_FOUND;
    }
  }
}
