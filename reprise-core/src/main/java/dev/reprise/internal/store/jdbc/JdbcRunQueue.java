package dev.reprise.internal.store.jdbc;

import dev.reprise.ReconcileReport;
import dev.reprise.RecoveryReport;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunStateException;
import dev.reprise.RunStatus;
import dev.reprise.internal.store.Claim;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.InsertResult;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.Recovery;
import dev.reprise.internal.store.RunHead;
import dev.reprise.internal.store.RunQueue;
import dev.reprise.internal.store.StatusSet;
import dev.reprise.internal.store.StepWrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Submits, claims, timers and recovery over JDBC. */
final class JdbcRunQueue implements RunQueue {
  private static final String WAITING = "'" + RunStatus.WAITING.label() + "'";

  /** What a retry may start from: a failed run (whose effects were undone, checked beside). */
  private static final String RETRYABLE = StatusSet.sql(EnumSet.of(RunStatus.FAILED));

  /** What a fork may start from: a run that ended with its steps not undone (checked beside). */
  private static final String FORKABLE =
      StatusSet.sql(EnumSet.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED));

  private final JdbcContext ctx;
  private final RunInserts inserts;
  private final KeyedClaims keyed;

  JdbcRunQueue(JdbcContext ctx, RunInserts inserts) {
    this.ctx = ctx;
    this.inserts = inserts;
    this.keyed = new KeyedClaims(ctx);
  }

  @Override
  public InsertResult insert(NewRun run) {
    // batchable: the submits of one commit go to the database in one round trip
    return Futures.join(ctx.writer().submit(inserts.work(run), true));
  }

  @Override
  public List<ClaimedRun> claim(Claim claim) {
    return ctx.writer()
        .execute(
            tx -> {
              Claim c = claim;
              if (claim.queue() != null && claim.globalLimit() != null) {
                ctx.dialect().lockQueue(tx, ctx.scope(), claim.queue());
                int room = claim.globalLimit() - heldIn(tx, claim.queue());
                if (room <= 0) {
                  return List.<ClaimedRun>of();
                }
                c = claim.withMax(Math.min(room, claim.max()));
              }
              List<ClaimedRun> claimed = new ArrayList<>();
              try (ResultSet rs = ctx.dialect().claim(tx, ctx.scope(), c).executeQuery()) {
                while (rs.next()) {
                  claimed.add(Rows.claimed(rs));
                }
              }
              if (claimed.size() < c.max()) {
                claimed.addAll(keyed.claim(tx, c, c.max() - claimed.size()));
              }
              return claimed;
            });
  }

  /** Runs of a queue that hold a slot on some node. */
  private int heldIn(Tx tx, String queue) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select count(*) from runs where namespace = ? and queue = ? and status in "
                + StatusSet.HELD.sql());
    ps.setString(1, ctx.scope());
    ps.setString(2, queue);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public Long nextWakeAt() {
    return ctx.readers()
        .read(
            tx ->
                Sql.singleLong(
                    tx,
                    "select min(wake_at) from runs where namespace = ? and status = " + WAITING,
                    ctx.scope()));
  }

  /** Parents parked for a child and not yet due. */
  private static final String PARENTS_WAITING =
      " where namespace = ? and status = "
          + WAITING
          + " and wait_kind = '"
          + WaitColumns.CHILD
          + "' and (wake_at is null or wake_at > ?)";

  @Override
  public ReconcileReport reconcileChildren(long now) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement wake =
                  tx.prepare(
                      "update runs set wake_at = ?"
                          + PARENTS_WAITING
                          + " and exists (select 1 from runs c where c.id = runs.wait_on"
                          + " and c.status in "
                          + StatusSet.TERMINAL.sql()
                          + ")");
              wake.setLong(1, now);
              wake.setString(2, ctx.scope());
              wake.setLong(3, now);
              int replayed = wake.executeUpdate();
              PreparedStatement left = tx.prepare("select count(*) from runs" + PARENTS_WAITING);
              left.setString(1, ctx.scope());
              left.setLong(2, now);
              try (ResultSet rs = left.executeQuery()) {
                rs.next();
                return new ReconcileReport(replayed, rs.getInt(1));
              }
            });
  }

  @Override
  public List<RunHead> interrupted(String owner) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select "
                          + Rows.HEAD_COLUMNS
                          + " from runs where namespace = ? and status in "
                          + StatusSet.HELD.sql()
                          + " and (? is null or owner = ?)");
              ps.setString(1, ctx.scope());
              ps.setString(2, owner);
              ps.setString(3, owner);
              return Rows.runHeads(ps);
            });
  }

  @Override
  public RecoveryReport recover(Recovery recovery) {
    return ctx.writer().execute(tx -> Recoveries.apply(tx, ctx.scope(), recovery));
  }

  @Override
  public InsertResult fork(String source, NewRun run, List<StepWrite> journal) {
    return ctx.writer()
        .execute(
            tx -> {
              InsertResult result = inserts.insertWithJournal(tx, run);
              if (!result.created()) {
                return result;
              }
              supersede(tx, source, run.id());
              PreparedStatement ps =
                  tx.prepare(
                      "insert into steps (run_id, seq, name, kind, status, at_most_once, output,"
                          + " output_type, error_type, error_message, attempts, epoch, started_at,"
                          + " ended_at, compensable) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                          + " ?, ?, ?)");
              for (StepWrite s : journal) {
                ps.setString(1, run.id());
                ps.setInt(2, s.seq());
                ps.setString(3, s.name());
                ps.setString(4, s.kind().label());
                ps.setString(5, s.status().label());
                ps.setInt(6, s.atMostOnce() ? 1 : 0);
                ps.setString(7, s.output());
                ps.setString(8, s.outputType());
                ps.setString(9, s.errorType());
                ps.setString(10, s.errorMessage());
                ps.setInt(11, s.attempts());
                ps.setLong(12, 1);
                Sql.setLong(ps, 13, s.startedAt());
                Sql.setLong(ps, 14, s.endedAt());
                ps.setInt(15, s.compensable() ? 1 : 0);
                ps.addBatch();
              }
              ps.executeBatch();
              return result;
            });
  }

  @Override
  public void markRetried(String source, String retryKey) {
    ctx.writer()
        .execute(
            tx -> {
              // what requireRetryable read, again under the lock: a run whose effects were undone,
              // or that completed no step (a resume that failed it again in between may have)
              supersede(
                  tx,
                  source,
                  retryKey,
                  "retry",
                  RETRYABLE
                      + " and (compensated = 1 or not exists (select 1 from steps where"
                      + " run_id = runs.id and status = 'completed' and kind in ('step', 'child')))");
              return null;
            });
  }

  /** Marks {@code source} superseded by {@code fork}, or refuses (the transaction rolls back). */
  private void supersede(Tx tx, String source, String fork) throws SQLException {
    supersede(
        tx,
        source,
        fork,
        "fork",
        FORKABLE
            + " and compensated = 0 and not exists (select 1 from"
            + " steps where run_id = runs.id and kind = 'compensation')");
  }

  /**
   * Marks {@code source}, while its status is one of {@code statuses}, superseded by {@code by} (a
   * fork's run id, or a retry's key), unless it is already; else refuses: another operator acted on
   * it first (a resume, a fork, a retry), in a transaction that committed before this one.
   */
  private void supersede(Tx tx, String source, String by, String action, String statuses)
      throws SQLException {
    PreparedStatement mark =
        tx.prepare(
            "update runs set superseded_by = ? where id = ? and namespace = ?"
                + " and (superseded_by is null or superseded_by = ?) and status in "
                + statuses);
    mark.setString(1, by);
    mark.setString(2, source);
    mark.setString(3, ctx.scope());
    mark.setString(4, by);
    if (mark.executeUpdate() == 1) {
      return;
    }
    PreparedStatement read =
        tx.prepare("select status, superseded_by from runs where id = ? and namespace = ?");
    read.setString(1, source);
    read.setString(2, ctx.scope());
    try (ResultSet rs = read.executeQuery()) {
      if (!rs.next()) {
        throw new RunNotFoundException(source);
      }
      String taken = rs.getString(2);
      RunStatus status = RunStatus.fromLabel(rs.getString(1));
      if (taken == null) {
        throw new RunStateException(
            source, status, action, "another operator action on it came first");
      }
      throw new RunStateException(
          source,
          status,
          action,
          taken.startsWith("retry:")
              ? "it was retried already, as a new run with the idempotency key " + taken
              : "it was forked already, as run " + taken + "; go on with that run");
    }
  }

  @Override
  public int release(java.util.Map<String, Long> held, long now, boolean storeFailed) {
    return ctx.writer().execute(tx -> Recoveries.release(tx, held, now, storeFailed));
  }

  @Override
  public int wakeBlocked(String cause, long now) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update runs set wake_at = ? where namespace = ? and status = "
                          + WAITING
                          + " and wait_kind = '"
                          + WaitColumns.OPERATOR
                          + "' and wait_on = ?");
              ps.setLong(1, now);
              ps.setString(2, ctx.scope());
              ps.setString(3, cause);
              return ps.executeUpdate();
            });
  }

  @Override
  public Map<String, String> cancelRequests(String owner) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select id, cancel_reason from runs where namespace = ? and status = '"
                          + RunStatus.RUNNING.label()
                          + "' and owner = ? and cancel_reason is not null");
              ps.setString(1, ctx.scope());
              ps.setString(2, owner);
              Map<String, String> found = new LinkedHashMap<>();
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  found.put(rs.getString("id"), rs.getString("cancel_reason"));
                }
              }
              return found;
            });
  }
}
