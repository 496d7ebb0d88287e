package dev.reprise.internal.store;

import dev.reprise.RecoveryReport;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StoreUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;

/**
 * The store over JDBC: reads from {@link Readers}, every write through the {@link JournalWriter}.
 */
public final class JdbcStore implements Store {

  static final String RUN_COLUMNS =
      "id, workflow, status, input, output, error_type, error_message, idempotency_key, recoveries,"
          + " created_at, started_at, ended_at, failure_reason, compensated, resolution";

  /**
   * A journal entry, written only while the run is held under the entry's epoch: the fence. Where
   * several nodes write, the run's row is read {@code for share}, so a write racing a claim either
   * commits before the claim or sees the claim's new epoch and writes nothing.
   */
  private static final String UPSERT_STEP =
      """
      insert into steps (run_id, seq, name, kind, status, at_most_once, output, output_type,
                         error_type, error_message, attempts, epoch, started_at, ended_at)
      select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
      where exists (select 1 from runs where id = ? and epoch = ?%SHARE%)
      on conflict (run_id, seq) do update set
        status = excluded.status, output = excluded.output, output_type = excluded.output_type,
        error_type = excluded.error_type, error_message = excluded.error_message,
        attempts = excluded.attempts, epoch = excluded.epoch,
        started_at = coalesce(steps.started_at, excluded.started_at), ended_at = excluded.ended_at
      where steps.status not in ('completed', 'failed')""";

  /**
   * Appends a line to {@code failure_reason}, never overwriting it; a null line leaves it as it
   * was. Its three placeholders are bound by {@link #bindReason}.
   */
  static final String APPEND_REASON =
      "case when ? is null then failure_reason when failure_reason is null then ?"
          + " else failure_reason || ? end";

  /** Binds {@link #APPEND_REASON} from {@code index}; returns the next index. */
  static int bindReason(PreparedStatement ps, int index, String line) throws SQLException {
    ps.setString(index, line);
    ps.setString(index + 1, line);
    ps.setString(index + 2, line == null ? null : "\n" + line);
    return index + 3;
  }

  private final String location;
  private final Dialect dialect;
  private final String upsertStep;
  private final String insertRun;
  private final AutoCloseable resources;
  private final Leases leases;
  private final String namespace;
  private final JournalWriter writer;
  private final Readers readers;
  private final Operations operations;
  private final ScheduleRows schedules;
  private final AuditLog audit;

  /**
   * A store; {@code writer} is null for a read-only store. {@code resources} (a connection pool,
   * say) are closed with it.
   */
  public JdbcStore(
      String location,
      Dialect dialect,
      String namespace,
      JournalWriter writer,
      Readers readers,
      AutoCloseable resources) {
    this.location = location;
    this.dialect = dialect;
    this.upsertStep = UPSERT_STEP.replace("%SHARE%", dialect.lockForShare());
    this.insertRun =
        "insert into runs (id, namespace, workflow, status, input, idempotency_key, owner, epoch,"
            + " created_at, started_at, updated_at, parent_id, parent_seq, deadline_at, queue,"
            + " priority, lease_until) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + dialect.nowMillis()
            + " + ?) on conflict do nothing";
    this.resources = resources;
    this.leases = new JdbcLeases(this, dialect, namespace, readers);
    this.namespace = namespace;
    this.writer = writer;
    this.readers = readers;
    this.operations = new JdbcOperations(this, namespace, readers);
    this.schedules = new JdbcSchedules(this, namespace, readers);
    this.audit = new JdbcAuditLog(this, namespace, readers);
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public boolean isShared() {
    return dialect instanceof PostgresDialect;
  }

  @Override
  public Operations operations() {
    return operations;
  }

  @Override
  public ScheduleRows schedules() {
    return schedules;
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public boolean isReadOnly() {
    return writer == null;
  }

  JournalWriter writer() {
    if (writer == null) {
      throw new StoreUnavailableException(location, "opened read-only; writes are refused", null);
    }
    return writer;
  }

  @Override
  public InsertResult insertRun(NewRun run) {
    // batchable: the submits of one commit go to the database in one round trip
    return Futures.join(writer().submit(insertWork(run), true));
  }

  boolean insert(Tx tx, NewRun run) throws SQLException {
    return insertWork(run).apply(tx).created();
  }

  /** Inserts the run, or finds the one with the same id or idempotency key. */
  private BatchableWork<InsertResult> insertWork(NewRun run) {
    return BatchableWork.of(
        insertRun,
        ps -> bindInsert(ps, run),
        (tx, updated) ->
            updated == 1
                ? new InsertResult(run.id(), true)
                : new InsertResult(existingRunId(tx, run), false));
  }

  private void bindInsert(PreparedStatement ps, NewRun run) throws SQLException {
    boolean claimed = run.owner() != null;
    ps.setString(1, run.id());
    ps.setString(2, namespace);
    ps.setString(3, run.workflow());
    ps.setString(4, claimed ? "running" : "pending");
    ps.setString(5, run.inputJson());
    ps.setString(6, run.idempotencyKey());
    ps.setString(7, run.owner());
    ps.setLong(8, claimed ? 1 : 0);
    ps.setLong(9, run.createdAtMillis());
    setLong(ps, 10, claimed ? run.createdAtMillis() : null);
    ps.setLong(11, run.createdAtMillis());
    ps.setString(12, run.parentId());
    if (run.parentSeq() == null) {
      ps.setNull(13, Types.INTEGER);
    } else {
      ps.setInt(13, run.parentSeq());
    }
    setLong(ps, 14, run.deadlineAt());
    ps.setString(15, run.queue());
    ps.setInt(16, run.priority());
    setLong(ps, 17, claimed ? run.leaseMillis() : null);
  }

  @Override
  public CompletableFuture<Boolean> startChild(StepWrite entry, NewRun child) {
    return writer()
        .submit(
            tx -> {
              requireHeld(tx, entry.runId(), entry.epoch());
              boolean created = insert(tx, child);
              writeStep(tx, entry);
              return created;
            },
            true);
  }

  @Override
  public int[] reconcileChildren(long now) {
    return writer()
        .execute(
            tx -> {
              PreparedStatement wake =
                  tx.prepare(
                      "update runs set wake_at = ? where namespace = ? and status = 'waiting'"
                          + " and wait_reason like 'child:%' and (wake_at is null or wake_at > ?)"
                          + " and exists (select 1 from runs c where c.id = substr(runs.wait_reason, 7)"
                          + " and c.status in ('completed', 'failed', 'cancelled', 'failed_compensation'))");
              wake.setLong(1, now);
              wake.setString(2, namespace);
              wake.setLong(3, now);
              int replayed = wake.executeUpdate();
              PreparedStatement left =
                  tx.prepare(
                      "select count(*) from runs where namespace = ? and status = 'waiting'"
                          + " and wait_reason like 'child:%' and (wake_at is null or wake_at > ?)");
              left.setString(1, namespace);
              left.setLong(2, now);
              try (ResultSet rs = left.executeQuery()) {
                rs.next();
                return new int[] {replayed, rs.getInt(1)};
              }
            });
  }

  private String existingRunId(Tx tx, NewRun run) throws SQLException {
    if (run.idempotencyKey() != null) {
      PreparedStatement ps =
          tx.prepare("select id from runs where namespace = ? and idempotency_key = ?");
      ps.setString(1, namespace);
      ps.setString(2, run.idempotencyKey());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return rs.getString(1);
        }
      }
    }
    return run.id();
  }

  @Override
  public List<ClaimedRun> claim(Claim claim) {
    return writer()
        .execute(
            tx -> {
              Claim c = claim;
              if (claim.queue() != null && claim.globalLimit() != null) {
                dialect.lockQueue(tx, namespace, claim.queue());
                int room = claim.globalLimit() - runningIn(tx, claim.queue());
                if (room <= 0) {
                  return List.<ClaimedRun>of();
                }
                c = claim.withMax(Math.min(room, claim.max()));
              }
              List<ClaimedRun> claimed = new ArrayList<>();
              try (ResultSet rs = dialect.claim(tx, namespace, c).executeQuery()) {
                while (rs.next()) {
                  claimed.add(
                      new ClaimedRun(
                          rs.getString(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getLong(4),
                          "compensating".equals(rs.getString(5)),
                          rs.getString(6),
                          rs.getString(7),
                          rs.getString(8),
                          Rows.nullableLong(rs, 9),
                          rs.getString(10),
                          rs.getString(11)));
                }
              }
              return claimed;
            });
  }

  /** Runs of a queue that hold a slot on some node. */
  private int runningIn(Tx tx, String queue) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select count(*) from runs where namespace = ? and queue = ?"
                + " and status in ('running', 'compensating')");
    ps.setString(1, namespace);
    ps.setString(2, queue);
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Override
  public List<StepInfo> steps(String runId) {
    return readers.read(tx -> readSteps(tx, runId));
  }

  static List<StepInfo> readSteps(Tx tx, String runId) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select seq, name, kind, status, at_most_once, output, output_type, error_type, error_message,"
                + " attempts, started_at, ended_at from steps where run_id = ? order by seq");
    ps.setString(1, runId);
    List<StepInfo> steps = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        steps.add(Rows.step(rs));
      }
    }
    return steps;
  }

  @Override
  public Optional<RunInfo> run(String runId, boolean withSteps) {
    return readers.read(
        tx -> {
          PreparedStatement ps =
              tx.prepare("select " + RUN_COLUMNS + " from runs where id = ? and namespace = ?");
          ps.setString(1, runId);
          ps.setString(2, namespace);
          RunInfo run;
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return Optional.empty();
            }
            run = Rows.run(rs, List.of());
          }
          if (!withSteps) {
            return Optional.of(run);
          }
          return Optional.of(Rows.withSteps(run, readSteps(tx, runId)));
        });
  }

  @Override
  public List<RunInfo> runs(RunFilter filter) {
    return readers.read(
        tx -> {
          StringBuilder sql =
              new StringBuilder("select " + RUN_COLUMNS + " from runs where namespace = ?");
          List<Object> args = new ArrayList<>();
          args.add(namespace);
          if (!filter.statuses().isEmpty()) {
            StringJoiner in = new StringJoiner(", ", " and status in (", ")");
            for (RunStatus s : filter.statuses()) {
              in.add("?");
              args.add(s.label());
            }
            sql.append(in);
          }
          if (filter.workflow() != null) {
            sql.append(" and workflow = ?");
            args.add(filter.workflow());
          }
          if (filter.since() != null) {
            sql.append(" and created_at >= ?");
            args.add(filter.since().toEpochMilli());
          }
          if (filter.after() != null) {
            long at = filter.after().createdAt().toEpochMilli();
            sql.append(" and (created_at < ? or (created_at = ? and id < ?))");
            args.add(at);
            args.add(at);
            args.add(filter.after().id());
          }
          sql.append(" order by created_at desc, id desc limit ?");
          args.add(filter.limit());
          try (PreparedStatement ps = tx.connection().prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            List<RunInfo> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                runs.add(Rows.run(rs, List.of()));
              }
            }
            return runs;
          }
        });
  }

  @Override
  public CompletableFuture<Void> writeStep(StepWrite step, boolean urgent) {
    return writer().submit(stepWork(step), urgent);
  }

  private void writeStep(Tx tx, StepWrite step) throws SQLException {
    stepWork(step).apply(tx);
  }

  /**
   * Writes an entry, or throws {@link LeaseLostException} when the run is held under another epoch.
   */
  private BatchableWork<Void> stepWork(StepWrite step) {
    return BatchableWork.of(
        upsertStep,
        ps -> bindFenced(ps, step),
        (tx, updated) -> {
          if (updated == 0) {
            // nothing written: the entry had already ended, or the run is no longer ours
            requireHeld(tx, step.runId(), step.epoch());
          }
          return null;
        });
  }

  private static void bindFenced(PreparedStatement ps, StepWrite step) throws SQLException {
    bindStep(ps, step);
    ps.setString(15, step.runId());
    ps.setLong(16, step.epoch());
  }

  /** Throws {@link LeaseLostException} unless the run is held under {@code epoch}. */
  private void requireHeld(Tx tx, String runId, long epoch) throws SQLException {
    PreparedStatement ps =
        tx.prepare("select epoch from runs where id = ?" + dialect.lockForShare());
    ps.setString(1, runId);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next() || rs.getLong(1) != epoch) {
        throw new LeaseLostException(runId, epoch);
      }
    }
  }

  /** The run's outcome, under its epoch; its three reason placeholders bound by bindReason. */
  private static final String END_RUN =
      "update runs set status = ?, output = ?, error_type = coalesce(error_type, ?),"
          + " error_message = coalesce(error_message, ?), compensated = ?,"
          + " failure_reason = "
          + APPEND_REASON
          + ", ended_at = ?, updated_at = ?"
          + " where id = ? and epoch = ? and status in ('running', 'compensating')";

  /**
   * A run without a parent ends in one statement, sent in a batch with other runs' ends; a child's
   * end also wakes its parent, in the same transaction.
   */
  @Override
  public CompletableFuture<Boolean> endRun(RunEnd end) {
    if (end.parentId() == null) {
      return writer()
          .submit(BatchableWork.of(END_RUN, ps -> bindEnd(ps, end), (tx, n) -> n == 1), true);
    }
    return writer()
        .submit(
            tx -> {
              PreparedStatement ps = tx.prepare(END_RUN);
              bindEnd(ps, end);
              if (ps.executeUpdate() != 1) {
                return false;
              }
              PreparedStatement wake =
                  tx.prepare(
                      "update runs set wake_at = ? where id = ? and status = 'waiting'"
                          + " and wait_reason = ?");
              wake.setLong(1, end.endedAt());
              wake.setString(2, end.parentId());
              wake.setString(3, "child:" + end.runId());
              wake.executeUpdate();
              return true;
            },
            true);
  }

  private static void bindEnd(PreparedStatement ps, RunEnd end) throws SQLException {
    ps.setString(1, end.status().label());
    ps.setString(2, end.output());
    ps.setString(3, end.errorType());
    ps.setString(4, end.errorMessage());
    ps.setInt(5, end.compensated() ? 1 : 0);
    int i = bindReason(ps, 6, end.reasonLine());
    ps.setLong(i, end.endedAt());
    ps.setLong(i + 1, end.endedAt());
    ps.setString(i + 2, end.runId());
    ps.setLong(i + 3, end.epoch());
  }

  @Override
  public CompletableFuture<Boolean> suspend(
      String runId, long epoch, long wakeAt, String reason, long now) {
    return writer()
        .submit(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update runs set status = 'waiting', owner = null,"
                          // a signal that came while the run was deciding to wait makes it due now
                          + " wake_at = case when exists (select 1 from signals"
                          + " where run_id = runs.id and consumed_seq is null and name = ?)"
                          // and so does the end of the child it waits for
                          + " or runs.cancel_reason is not null"
                          + " or exists (select 1 from runs c where c.id = ?"
                          + " and c.status in ('completed', 'failed', 'cancelled', 'failed_compensation'))"
                          + " then ? else ? end,"
                          + " wait_reason = ?, updated_at = ? where id = ? and epoch = ?"
                          + " and status = 'running'");
              // the keys are compared as they are stored, so that both lookups use an index
              ps.setString(1, after(reason, Operations.SIGNAL_WAIT));
              ps.setString(2, after(reason, "child:"));
              ps.setLong(3, now);
              ps.setLong(4, wakeAt);
              ps.setString(5, reason);
              ps.setLong(6, now);
              ps.setString(7, runId);
              ps.setLong(8, epoch);
              return ps.executeUpdate() == 1;
            },
            true);
  }

  @Override
  public Optional<String> consumeSignal(StepWrite completed, String name) {
    return writer()
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
                id = rs.getString(1);
                payload = rs.getString(2);
              }
              PreparedStatement take =
                  tx.prepare("update signals set consumed_seq = ? where id = ?");
              take.setInt(1, completed.seq());
              take.setString(2, id);
              take.executeUpdate();
              writeStep(tx, completed.withOutput(payload));
              return Optional.of(payload == null ? "null" : payload);
            });
  }

  @Override
  public Long nextWakeAt() {
    return readers.read(
        tx ->
            Rows.singleLong(
                tx,
                "select min(wake_at) from runs where namespace = ? and status = 'waiting'",
                namespace));
  }

  @Override
  public CompletableFuture<Boolean> beginUnwinding(
      String runId,
      long epoch,
      String errorType,
      String errorMessage,
      String reasonLine,
      long now) {
    return writer()
        .submit(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update runs set status = 'compensating', error_type = coalesce(error_type, ?),"
                          + " error_message = coalesce(error_message, ?), failure_reason = "
                          + APPEND_REASON
                          + ", updated_at = ? where id = ? and epoch = ? and status = 'running'");
              ps.setString(1, errorType);
              ps.setString(2, errorMessage);
              int i = bindReason(ps, 3, reasonLine);
              ps.setLong(i, now);
              ps.setString(i + 1, runId);
              ps.setLong(i + 2, epoch);
              return ps.executeUpdate() == 1;
            },
            true);
  }

  @Override
  public List<RunHead> interruptedRuns(String owner) {
    return readers.read(
        tx -> {
          PreparedStatement ps =
              tx.prepare(
                  "select id, namespace, workflow, input, recoveries from runs"
                      + " where namespace = ? and status in ('running', 'compensating')"
                      + " and (? is null or owner = ?)");
          ps.setString(1, namespace);
          ps.setString(2, owner);
          ps.setString(3, owner);
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
  public RecoveryReport recover(Recovery recovery) {
    return writer().execute(tx -> Recoveries.apply(tx, namespace, recovery));
  }

  /** What follows {@code prefix} in {@code reason}, or null when it does not start with it. */
  private static String after(String reason, String prefix) {
    return reason.startsWith(prefix) ? reason.substring(prefix.length()) : null;
  }

  /** A child's end makes its parent, if it waits for this child, due at once. */
  static void wakeParent(Tx tx, String childId, long now) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "update runs set wake_at = ? where id = (select parent_id from runs where id = ?)"
                + " and status = 'waiting' and wait_reason = ?");
    ps.setLong(1, now);
    ps.setString(2, childId);
    ps.setString(3, "child:" + childId);
    ps.executeUpdate();
  }

  private static PreparedStatement bindStep(PreparedStatement ps, StepWrite step)
      throws SQLException {
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
    setLong(ps, 13, step.startedAt());
    setLong(ps, 14, step.endedAt());
    return ps;
  }

  static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    readers.close();
    if (resources != null) {
      try {
        resources.close();
      } catch (Exception e) {
        throw StoreErrors.translate("close", e);
      }
    }
  }
}
