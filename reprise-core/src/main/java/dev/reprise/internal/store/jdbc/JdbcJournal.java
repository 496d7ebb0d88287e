package dev.reprise.internal.store.jdbc;

import dev.reprise.RunStatus;
import dev.reprise.Wait;
import dev.reprise.internal.store.LeaseLostException;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.Parking;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.RunEnd;
import dev.reprise.internal.store.RunJournal;
import dev.reprise.internal.store.RunTransition;
import dev.reprise.internal.store.StatusSet;
import dev.reprise.internal.store.StepWrite;
import dev.reprise.internal.store.Unwinding;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An executor's writes over JDBC. Every one is fenced by the run's epoch: a journal entry is
 * written only {@code where exists} the run held under the entry's epoch and executing, running or
 * compensating, so that a body fenced off an ended or released run writes nothing (read {@code for
 * share} where several nodes write, so a write racing a claim either commits before the claim or
 * sees its new epoch and writes nothing); a change of the run's row is conditional on the epoch.
 */
final class JdbcJournal implements RunJournal {
  private static final String UPSERT_STEP =
      """
      insert into steps (run_id, seq, name, kind, status, at_most_once, output, output_type,
                         error_type, error_message, attempts, epoch, started_at, ended_at,
                         compensable)
      select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
      where exists (select 1 from runs where id = ? and epoch = ?
                    and status in %HELD%%SHARE%)
      on conflict (run_id, seq) do update set
        status = excluded.status, output = excluded.output, output_type = excluded.output_type,
        error_type = excluded.error_type, error_message = excluded.error_message,
        attempts = excluded.attempts, epoch = excluded.epoch,
        started_at = coalesce(steps.started_at, excluded.started_at), ended_at = excluded.ended_at,
        compensable = excluded.compensable
      where steps.status not in ('completed', 'failed')""";

  private final JdbcContext ctx;
  private final RunInserts inserts;
  private final String upsertStep;
  private final String requireHeld;
  private final Map<RunStatus, String> endRun = new EnumMap<>(RunStatus.class);

  JdbcJournal(JdbcContext ctx, RunInserts inserts) {
    this.ctx = ctx;
    this.inserts = inserts;
    this.upsertStep =
        UPSERT_STEP
            .replace("%HELD%", StatusSet.HELD.sql())
            .replace("%SHARE%", ctx.dialect().lockForShare());
    this.requireHeld = "select epoch, status from runs where id = ?" + ctx.dialect().lockForShare();
    for (RunStatus to : RunStatus.values()) {
      if (RunTransition.between(RunStatus.RUNNING, to).contains(RunTransition.END)
          || RunTransition.between(RunStatus.COMPENSATING, to).contains(RunTransition.END)) {
        // the run's outcome, under its epoch, from a status that may lead to it
        endRun.put(
            to,
            "update runs set status = ?, output = ?, error_type = coalesce(error_type, ?),"
                + " error_message = coalesce(error_message, ?), compensated = ?,"
                + " failure_reason = "
                + Sql.APPEND_REASON
                + ", ended_at = ?, updated_at = ?"
                + " where id = ? and epoch = ? and status in "
                + RunTransition.END.fromSql(to));
      }
    }
  }

  @Override
  public CompletableFuture<Void> writeStep(StepWrite step, boolean urgent) {
    return ctx.writer().submit(stepWork(step), urgent);
  }

  /**
   * Writes an entry, or throws {@link LeaseLostException} when the run is held under another epoch.
   */
  private BatchableWork<Void> stepWork(StepWrite step) {
    return BatchableWork.of(
        upsertStep,
        ps -> bindStep(ps, step),
        (tx, updated) -> {
          if (updated == 0) {
            // nothing written: the entry had already ended, or the run is no longer ours
            requireHeld(tx, step.runId(), step.epoch());
          }
          return null;
        });
  }

  /**
   * Writes an entry and, in the same transaction, what goes with it ({@code with}), fenced as the
   * entry is: nothing of either when the run is not held under the entry's epoch.
   */
  SqlWork<Void> entryWith(StepWrite step, SqlWork<?> with) {
    return tx -> {
      PreparedStatement ps = tx.prepare(upsertStep);
      bindStep(ps, step);
      if (ps.executeUpdate() == 0) {
        requireHeld(tx, step.runId(), step.epoch());
        return null; // the entry had ended already: what went with it was written then
      }
      with.apply(tx);
      return null;
    };
  }

  private static void bindStep(PreparedStatement ps, StepWrite step) throws SQLException {
    ps.setString(1, step.runId());
    ps.setInt(2, step.seq());
    ps.setString(3, step.name());
    ps.setString(4, step.kind().label());
    ps.setString(5, step.status().label());
    ps.setInt(6, step.atMostOnce() ? 1 : 0);
    ps.setString(7, step.output());
    ps.setString(8, step.outputType());
    ps.setString(9, step.errorType());
    ps.setString(10, step.errorMessage());
    ps.setInt(11, step.attempts());
    ps.setLong(12, step.epoch());
    Sql.setLong(ps, 13, step.startedAt());
    Sql.setLong(ps, 14, step.endedAt());
    ps.setInt(15, step.compensable() ? 1 : 0);
    ps.setString(16, step.runId());
    ps.setLong(17, step.epoch());
  }

  /**
   * Throws {@link LeaseLostException} unless the run is held under {@code epoch} and executing
   * (running or compensating): a run that parked, ended or was released under the same epoch is no
   * longer the writer's either.
   */
  private void requireHeld(Tx tx, String runId, long epoch) throws SQLException {
    PreparedStatement ps = tx.prepare(requireHeld);
    ps.setString(1, runId);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()
          || rs.getLong(1) != epoch
          || !StatusSet.HELD.contains(RunStatus.fromLabel(rs.getString(2)))) {
        throw new LeaseLostException(runId, epoch);
      }
    }
  }

  /**
   * A run without a parent ends in one statement, sent in a batch with other runs' ends; a child's
   * end also wakes its parent, in the same transaction.
   */
  @Override
  public CompletableFuture<Boolean> endRun(RunEnd end) {
    String sql = endRun.get(end.status());
    if (sql == null) {
      throw new IllegalArgumentException("a run cannot end " + end.status().label());
    }
    boolean completed = end.status() == RunStatus.COMPLETED;
    if (end.parentId() == null && completed) {
      return ctx.writer()
          .submit(BatchableWork.of(sql, ps -> bindEnd(ps, end), (tx, n) -> n == 1), true);
    }
    return ctx.writer()
        .submit(
            tx -> {
              PreparedStatement ps = tx.prepare(sql);
              bindEnd(ps, end);
              if (ps.executeUpdate() != 1) {
                return false;
              }
              if (end.parentId() != null) {
                ParentWakes.wake(tx, end.parentId(), end.runId(), end.endedAt());
              }
              if (!completed) {
                cancelChildren(tx, end.runId(), end.status().label(), end.endedAt());
              }
              return true;
            },
            true);
  }

  /** A run that fails or is cancelled takes its children (not detached) with it. */
  private static void cancelChildren(Tx tx, String runId, String how, long now)
      throws SQLException {
    String reason = "parent run " + runId + " " + how;
    Cascades.cancelDescendants(tx, runId, reason, ReasonLine.of(now, reason), now);
  }

  private static void bindEnd(PreparedStatement ps, RunEnd end) throws SQLException {
    ps.setString(1, end.status().label());
    ps.setString(2, end.output());
    ps.setString(3, end.errorType());
    ps.setString(4, end.errorMessage());
    ps.setInt(5, end.compensated() ? 1 : 0);
    int i = Sql.bindReason(ps, 6, end.reasonLine());
    ps.setLong(i, end.endedAt());
    ps.setLong(i + 1, end.endedAt());
    ps.setString(i + 2, end.runId());
    ps.setLong(i + 3, end.epoch());
  }

  private static final String BEGIN_UNWINDING =
      "update runs set status = "
          + RunTransition.BEGIN_UNWINDING.toSql()
          + ", error_type = coalesce(error_type, ?), error_message = coalesce(error_message, ?),"
          + " failure_reason = "
          + Sql.APPEND_REASON
          + ", updated_at = ? where id = ? and epoch = ? and status in "
          + RunTransition.BEGIN_UNWINDING.fromSql();

  @Override
  public CompletableFuture<Boolean> beginUnwinding(Unwinding u) {
    return ctx.writer()
        .submit(
            tx -> {
              PreparedStatement ps = tx.prepare(BEGIN_UNWINDING);
              ps.setString(1, u.errorType());
              ps.setString(2, u.errorMessage());
              int i = Sql.bindReason(ps, 3, u.reasonLine());
              ps.setLong(i, u.nowMillis());
              ps.setString(i + 1, u.runId());
              ps.setLong(i + 2, u.epoch());
              if (ps.executeUpdate() != 1) {
                return false;
              }
              cancelChildren(tx, u.runId(), "failed and unwinds", u.nowMillis());
              return true;
            },
            true);
  }

  /**
   * Due at once when what the run waits for came while it was deciding to wait: a signal of that
   * name, a cancel request, or the end of the child it waits for. The keys are compared as they are
   * stored, so that both lookups use an index.
   */
  private static final String PARK =
      "update runs set status = "
          + RunTransition.PARK.toSql()
          + ", owner = null, wake_at = case when exists (select 1 from signals"
          + " where run_id = runs.id and consumed_seq is null and name = ?)"
          + " or runs.cancel_reason is not null"
          + " or exists (select 1 from runs c where c.id = ? and c.status in "
          + StatusSet.TERMINAL.sql()
          + ") then ? else ? end,"
          + " wait_kind = ?, wait_on = ?, wait_until = ?, wait_reason = ?, updated_at = ?"
          + " where id = ? and epoch = ? and status in "
          + RunTransition.PARK.fromSql();

  @Override
  public CompletableFuture<Boolean> park(Parking p) {
    WaitColumns wait = WaitColumns.of(p.waitFor());
    return ctx.writer()
        .submit(
            tx -> {
              PreparedStatement ps = tx.prepare(PARK);
              ps.setString(1, p.waitFor() instanceof Wait.Signal s ? s.name() : null);
              ps.setString(2, p.waitFor() instanceof Wait.Child c ? c.runId() : null);
              ps.setLong(3, p.nowMillis());
              ps.setLong(4, p.wakeAt());
              ps.setString(5, wait.kind());
              ps.setString(6, wait.on());
              Sql.setLong(ps, 7, wait.until());
              ps.setString(8, p.waitFor().describe());
              ps.setLong(9, p.nowMillis());
              ps.setString(10, p.runId());
              ps.setLong(11, p.epoch());
              return ps.executeUpdate() == 1;
            },
            true);
  }

  @Override
  public Optional<String> consumeSignal(StepWrite completed, String name) {
    return ctx.writer()
        .execute(
            tx -> {
              requireHeld(tx, completed.runId(), completed.epoch());
              PreparedStatement find =
                  tx.prepare(
                      "select id, payload from signals where run_id = ? and name = ?"
                          + " and consumed_seq is null order by seq limit 1");
              find.setString(1, completed.runId());
              find.setString(2, name);
              String id;
              String payload;
              try (ResultSet rs = find.executeQuery()) {
                if (!rs.next()) {
                  return Optional.<String>empty();
                }
                id = rs.getString("id");
                payload = rs.getString("payload");
              }
              PreparedStatement take =
                  tx.prepare("update signals set consumed_seq = ? where id = ?");
              take.setInt(1, completed.seq());
              take.setString(2, id);
              take.executeUpdate();
              stepWork(completed.withOutput(payload)).apply(tx);
              return Optional.of(payload == null ? "null" : payload);
            });
  }

  @Override
  public CompletableFuture<Boolean> startChild(StepWrite entry, NewRun child) {
    return ctx.writer()
        .submit(
            tx -> {
              requireHeld(tx, entry.runId(), entry.epoch());
              boolean created = inserts.insert(tx, child);
              stepWork(entry).apply(tx);
              return created;
            },
            true);
  }
}
