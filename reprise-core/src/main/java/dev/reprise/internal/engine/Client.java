package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.Approval;
import dev.reprise.AuditEntry;
import dev.reprise.ConcurrencyKey;
import dev.reprise.IdempotencyConflictException;
import dev.reprise.Ids;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.InvalidInputException;
import dev.reprise.InvalidOutputException;
import dev.reprise.MisfirePolicy;
import dev.reprise.OperatorAction;
import dev.reprise.PublishedValue;
import dev.reprise.ReconcileReport;
import dev.reprise.ReplayProblem;
import dev.reprise.RepriseClient;
import dev.reprise.RetentionPolicy;
import dev.reprise.RunFilter;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunOptions;
import dev.reprise.RunStateException;
import dev.reprise.RunStatus;
import dev.reprise.Schedule;
import dev.reprise.StepInfo;
import dev.reprise.Tags;
import dev.reprise.TypeRef;
import dev.reprise.UnknownWorkflowException;
import dev.reprise.Wait;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.InsertResult;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.Operations;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.StepWrite;
import dev.reprise.internal.store.Store;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The client side: submit and query runs. Needs no engine; wakes one when there is. */
public final class Client implements RepriseClient {
  private static final int VACUUM_BATCH = 500;

  /** A client of a process that executes no runs. */
  public static Client standalone(Store store, WorkflowRegistry registry, EngineClock clock) {
    return new Client(
        store,
        registry,
        clock,
        new RunEnds(),
        Admission.NONE,
        ClientEvents.NONE,
        true,
        Auditor.ofProcess(store.audit(), clock));
  }

  private final Store store;
  private final WorkflowRegistry registry;
  private final EngineClock clock;
  private final RunEnds ends;
  private final Admission admission;
  private final ClientEvents events;
  private final boolean ownsStore;
  private final Auditor audit;
  private final ScheduleClient schedules;

  Client(
      Store store,
      WorkflowRegistry registry,
      EngineClock clock,
      RunEnds ends,
      Admission admission,
      ClientEvents events,
      boolean ownsStore,
      Auditor audit) {
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    this.ends = ends;
    this.admission = admission;
    this.events = events;
    this.ownsStore = ownsStore;
    this.audit = audit;
    this.schedules = new ScheduleClient(store.schedules(), registry, clock, events, audit);
  }

  @Override
  public RepriseClient as(String actor) {
    return as(actor, null);
  }

  @Override
  public RepriseClient as(String actor, String reason) {
    Ids.requireActor("actor", actor);
    if (reason != null) {
      requireText("reason", reason);
    }
    return new Client(
        store, registry, clock, ends, admission, events, false, audit.as(actor, reason));
  }

  @Override
  public List<AuditEntry> audit(String runId) {
    return store.audit().ofRun(Ids.requireReference("runId", runId));
  }

  @Override
  public List<AuditEntry> scheduleAudit(String name) {
    return store.audit().ofSchedule(Ids.requireReference("name", name));
  }

  @Override
  public <I, O> RunHandle<O> submit(Workflow<I, O> workflow, I input, RunOptions options) {
    Objects.requireNonNull(workflow, "workflow");
    WorkflowRegistry.requireValidName(workflow.name(), workflow.getClass().getName());
    if (!registry.isEmpty() && registry.find(workflow.name()) == null) {
      throw new UnknownWorkflowException(null, workflow.name());
    }
    String json;
    try {
      json = Json.write(input);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          null, workflow.name(), "cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
    check(workflow.name(), json, workflow.inputType());
    String id = insert(workflow.name(), json, options);
    return new Handle<>(id, workflow.outputType(), store.reads(), ends);
  }

  @Override
  public RunHandle<Object> submitJson(String workflow, String inputJson, RunOptions options) {
    if (workflow == null || workflow.isBlank()) {
      throw new InvalidConfigurationException("workflow", "must not be blank");
    }
    Type inputType = Object.class;
    Type outputType = Object.class;
    if (!registry.isEmpty()) {
      Workflow<?, ?> known = registry.find(workflow);
      if (known == null) {
        throw new UnknownWorkflowException(null, workflow);
      }
      inputType = known.inputType();
      outputType = known.outputType();
    }
    if (inputJson == null || !Json.isWellFormed(inputJson)) {
      throw new InvalidInputException(null, workflow, "the input is not well-formed JSON", null);
    }
    check(workflow, inputJson, inputType);
    return new Handle<>(insert(workflow, inputJson, options), outputType, store.reads(), ends);
  }

  static void check(String workflow, String json, Type inputType) {
    try {
      Json.readStrict(json, Json.type(inputType));
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(null, workflow, Json.describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(null, workflow, e.getMessage(), e);
    }
  }

  /**
   * Inserts the run: already claimed and launched here when this process has a slot for it (the
   * reservation is launched or given back whatever happens), else {@code pending}.
   */
  private String insert(String workflow, String json, RunOptions options) {
    RunOptions o = options == null ? RunOptions.DEFAULT : options;
    long now = clock.now().toEpochMilli();
    String id = o.runId() != null ? o.runId() : RunIds.next(now);
    Long deadline = o.timeout() == null ? null : now + o.timeout().toMillis();
    NewRun run =
        NewRun.pending(id, workflow, json, o.idempotencyKey(), now)
            .withDeadline(deadline)
            .inQueue(o.queueName(), o.priority())
            .withTags(o.tags())
            .withConcurrencyKey(o.concurrencyKey());
    // a keyed run starts only through a claim that counts its key's runs
    Optional<Reservation> slot =
        registry.find(workflow) == null || o.concurrencyKey() != null
            ? Optional.empty()
            : admission.reserve(o.queueName(), json);
    if (slot.isEmpty()) {
      InsertResult result = store.queue().insert(run);
      if (result.created()) {
        events.emit(new ClientEvent.RunSubmitted(result.runId()));
      }
      return sameRun(result, run);
    }
    try (Reservation reservation = slot.get()) {
      InsertResult result =
          store.queue().insert(run.ownedBy(reservation.owner(), reservation.leaseMillis()));
      if (result.created()) {
        reservation.launch(
            ClaimedRun.forward(result.runId(), workflow, json, 1, deadline, o.queueName()));
      }
      return sameRun(result, run);
    }
  }

  /**
   * The id of the run a submit stands for. A run that already had the key (or id) stands for this
   * submit only if it is of the same workflow with the same input (compared as JSON values);
   * anything else is a conflict, never answered with the other run.
   */
  private static String sameRun(InsertResult result, NewRun submitted) {
    if (result.created()) {
      return result.runId();
    }
    String key =
        submitted.idempotencyKey() != null
            ? "idempotency key '" + submitted.idempotencyKey() + "'"
            : "run id '" + submitted.id() + "'";
    if (result.existingWorkflow() == null) {
      // a run of another namespace or env: it is not named, it is not this caller's to see
      throw new IdempotencyConflictException(
          null, key, "a run in another namespace or env (run ids are unique across them)");
    }
    if (!result.existingWorkflow().equals(submitted.workflow())) {
      throw new IdempotencyConflictException(
          result.runId(), key, "workflow '" + result.existingWorkflow() + "'");
    }
    if (!Json.sameValue(result.existingInput(), submitted.inputJson())) {
      throw new IdempotencyConflictException(result.runId(), key, "another input");
    }
    return result.runId();
  }

  @Override
  public <O> RunHandle<O> handle(String runId, TypeRef<O> outputType) {
    run(runId);
    return new Handle<>(runId, outputType.type(), store.reads(), ends);
  }

  @Override
  public RunInfo run(String runId) {
    Ids.requireReference("runId", runId);
    return store.reads().run(runId, true).orElseThrow(() -> new RunNotFoundException(runId));
  }

  @Override
  public List<ReplayProblem> checkReplay() {
    List<ReplayProblem> problems = new ArrayList<>();
    for (RunInfo run : unresolved()) {
      ReplayProbe.check(store, registry, clock, run).ifPresent(problems::add);
    }
    // failed runs whose steps were not undone can still be resumed in place: replayed too
    RunFilter failed = RunFilter.all().withStatus(RunStatus.FAILED).withLimit(1000);
    for (List<RunInfo> page = runs(failed); !page.isEmpty(); ) {
      for (RunInfo run : page) {
        if (!run.compensated()) {
          ReplayProbe.check(store, registry, clock, run(run.id())).ifPresent(problems::add);
        }
      }
      page =
          page.size() < 1000
              ? List.of()
              : runs(failed.withAfter(RunFilter.Cursor.of(page.get(page.size() - 1))));
    }
    return problems;
  }

  @Override
  public List<RunInfo> runs(RunFilter filter) {
    return store.reads().runs(filter == null ? RunFilter.all() : filter);
  }

  @Override
  public List<RunInfo> unresolved() {
    return store.reads().unresolved();
  }

  @Override
  public List<StepInfo> steps(String runId) {
    Ids.requireReference("runId", runId);
    List<StepInfo> steps = store.reads().steps(runId);
    if (steps.isEmpty()) {
      run(runId);
    }
    return steps;
  }

  @Override
  public List<RunInfo> recent(int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new InvalidConfigurationException("limit", "must be between 1 and 10000, was " + limit);
    }
    return store.reads().recent(limit);
  }

  @Override
  public int vacuum(Duration olderThan) {
    if (olderThan == null || olderThan.isNegative()) {
      throw new InvalidConfigurationException(
          "olderThan", "must be zero or positive, was " + olderThan);
    }
    return store.operations().vacuum(clock.now().minus(olderThan).toEpochMilli(), VACUUM_BATCH);
  }

  @Override
  public Optional<PublishedValue> published(String runId, String name) {
    Ids.requireReference("runId", runId);
    Ids.requireName("name", name);
    Optional<PublishedValue> value = store.attributes().published(runId, name);
    if (value.isEmpty() && store.reads().run(runId, false).isEmpty()) {
      throw new RunNotFoundException(runId);
    }
    return value;
  }

  @Override
  public <T> Optional<T> published(String runId, String name, Class<T> type) {
    return published(runId, name, (Type) Objects.requireNonNull(type, "type"));
  }

  @Override
  public <T> Optional<T> published(String runId, String name, TypeRef<T> type) {
    return published(runId, name, Objects.requireNonNull(type, "type").type());
  }

  @SuppressWarnings("unchecked")
  private <T> Optional<T> published(String runId, String name, Type type) {
    Optional<PublishedValue> value = published(runId, name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable((T) Json.readLenient(value.get().json(), Json.type(type)));
    } catch (JsonProcessingException e) {
      throw new InvalidOutputException(
          runId,
          "published '" + name + "' is not a " + type.getTypeName() + ": " + e.getOriginalMessage(),
          e);
    }
  }

  @Override
  public void retention(String workflow, RetentionPolicy policy) {
    if (workflow == null || workflow.isBlank()) {
      throw new InvalidConfigurationException("workflow", "must not be blank");
    }
    if (workflow.length() > 200 || !workflow.strip().equals(workflow)) {
      throw new InvalidConfigurationException(
          "workflow", "must be at most 200 characters without surrounding spaces");
    }
    Objects.requireNonNull(policy, "policy");
    if (!registry.isEmpty() && registry.find(workflow) == null) {
      throw new UnknownWorkflowException(null, workflow);
    }
    store.retention().put(workflow, policy, clock.now().toEpochMilli());
  }

  @Override
  public void concurrencyLimit(String name, int maxRunning) {
    Tags.requireName("name", name);
    if (maxRunning < 1 || maxRunning > ConcurrencyKey.MAX_LIMIT) {
      throw new InvalidConfigurationException(
          "maxRunning",
          "must be between 1 and " + ConcurrencyKey.MAX_LIMIT + ", was " + maxRunning);
    }
    store.concurrencyLimits().put(name, maxRunning, clock.now().toEpochMilli());
    events.emit(new ClientEvent.RunsWoken());
  }

  @Override
  public Map<String, Integer> concurrencyLimits() {
    return store.concurrencyLimits().all();
  }

  @Override
  public Map<String, RetentionPolicy> retentionPolicies() {
    return store.retention().policies();
  }

  @Override
  public int applyRetention() {
    return store.retention().apply(clock.now().toEpochMilli(), VACUUM_BATCH);
  }

  @Override
  public void markFailedCompensation(String runId, String reason) {
    Ids.requireReference("runId", runId);
    requireText("reason", reason);
    long now = now();
    check(
        runId,
        "mark failed_compensation",
        "only compensating, failed or failed_compensation runs that were not forked or retried can be",
        store
            .operations()
            .markFailedCompensation(
                runId, ReasonLine.of(now, "marked failed_compensation: " + reason), now));
    audit.record(OperatorAction.MARK_FAILED_COMPENSATION, runId, reason, null);
  }

  @Override
  public void retryCompensation(String runId) {
    Ids.requireReference("runId", runId);
    long now = now();
    check(
        runId,
        "retry the compensation of",
        "only failed_compensation runs that were not forked or retried can be",
        store
            .operations()
            .retryCompensation(
                runId, ReasonLine.of(now, "compensation retried by an operator"), now));
    audit.record(OperatorAction.RETRY_COMPENSATION, runId, null, null);
    events.emit(new ClientEvent.CompensationRetried(runId));
  }

  @Override
  public RunHandle<Object> retry(String runId) {
    RunInfo failed = run(runId);
    RunRetry.requireRetryable(failed);
    // first the mark, so that a resume or a fork racing this retry is refused, or refuses it
    store.queue().markRetried(runId, RunRetry.RETRY_KEY + runId);
    RunHandle<Object> retried =
        submitJson(
            failed.workflow(),
            failed.input(),
            RunRetry.sameAttributes(failed, RunOptions.idempotencyKey(RunRetry.RETRY_KEY + runId)));
    audit.record(OperatorAction.RETRY, runId, null, retried.id());
    return retried;
  }

  @Override
  public void resume(String runId) {
    Ids.requireReference("runId", runId);
    RunInfo run = run(runId);
    if (run.status() == RunStatus.FAILED) {
      RunRetry.requireNoEffectToRepeat(
          run,
          "resume",
          "resuming would run it again. Check its effect by hand; the run stays failed");
    }
    long now = now();
    check(
        runId,
        "resume",
        "only runs waiting for an operator, and failed runs whose steps were not undone and that"
            + " were neither forked nor retried, can be",
        store
            .operations()
            .resume(runId, ReasonLine.of(now, "resumed in place by an operator"), now));
    audit.record(OperatorAction.RESUME, runId, null, null);
    events.emit(new ClientEvent.RunsWoken());
  }

  @Override
  public RunHandle<Object> fork(String runId, int fromSeq) {
    RunInfo source = run(runId);
    long now = now();
    String id = RunIds.next(now);
    List<StepWrite> journal = RunRetry.forkJournal(source, fromSeq, id);
    NewRun run =
        NewRun.pending(
                id,
                source.workflow(),
                source.input(),
                RunRetry.FORK_KEY + runId + ":" + fromSeq,
                now)
            .withTags(source.tags())
            .withConcurrencyKey(source.concurrencyKey());
    String forked = sameRun(store.queue().fork(runId, run, journal), run);
    audit.record(OperatorAction.FORK, runId, null, forked + " from seq " + fromSeq);
    events.emit(new ClientEvent.RunSubmitted(forked));
    Workflow<?, ?> known = registry.find(source.workflow());
    return new Handle<>(
        forked, known == null ? Object.class : known.outputType(), store.reads(), ends);
  }

  @Override
  public Map<RunStatus, Long> countByStatus() {
    return store.reads().countByStatus();
  }

  @Override
  public void resolve(String runId, String note) {
    Ids.requireReference("runId", runId);
    requireText("note", note);
    long now = now();
    check(
        runId,
        "resolve",
        "only failed_compensation runs can be",
        store.operations().resolve(runId, note, ReasonLine.of(now, "resolved: " + note), now));
    audit.record(OperatorAction.RESOLVE, runId, note, null);
  }

  @Override
  public void cancel(String runId, String reason) {
    Ids.requireReference("runId", runId);
    requireText("reason", reason);
    long now = now();
    check(
        runId,
        "cancel",
        "only pending and running runs can be",
        store.operations().cancel(runId, reason, ReasonLine.of(now, "cancelled: " + reason), now));
    audit.record(OperatorAction.CANCEL, runId, reason, null);
    events.emit(new ClientEvent.CancelRequested(runId, reason));
  }

  @Override
  public void signal(String runId, String name, Object payload) {
    Ids.requireReference("runId", runId);
    requireSignalName(name);
    send(runId, name, payload);
  }

  /** Keeps a signal for a run; {@code name} is checked by the caller. */
  private void send(String runId, String name, Object payload) {
    String json;
    try {
      json = Json.write(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(
          "payload", "cannot be written as JSON: " + e.getOriginalMessage());
    }
    long now = now();
    check(
        runId,
        "signal",
        "signals go to runs that have not ended",
        store.operations().signal(runId, RunIds.next(now), name, json, now));
    events.emit(new ClientEvent.RunSignalled(runId));
  }

  @Override
  public void approve(String runId, String name, String actor, String reason) {
    decide(runId, name, Approval.Decision.APPROVED, actor, reason);
  }

  @Override
  public void reject(String runId, String name, String actor, String reason) {
    decide(runId, name, Approval.Decision.REJECTED, actor, reason);
  }

  private void decide(
      String runId, String gate, Approval.Decision decision, String actor, String reason) {
    Ids.requireReference("runId", runId);
    Ids.requireName("gate", gate);
    Ids.requireActor("actor", actor);
    requireText("reason", reason);
    send(runId, Wait.Signal.GATE_PREFIX + gate, new Approval(decision, actor, reason, clock.now()));
    audit.recordFor(
        decision == Approval.Decision.APPROVED ? OperatorAction.APPROVE : OperatorAction.REJECT,
        runId,
        actor,
        reason,
        "gate " + gate);
  }

  static void requireSignalName(String name) {
    Ids.requireName("name", name);
  }

  @Override
  public ReconcileReport reconcile() {
    ReconcileReport report = store.queue().reconcileChildren(now());
    events.emit(new ClientEvent.RunsWoken());
    return report;
  }

  @Override
  public Schedule schedule(
      String name, String cron, String zone, String workflow, Object input, MisfirePolicy misfire) {
    return schedules.create(name, cron, zone, workflow, input, misfire);
  }

  @Override
  public List<Schedule> schedules() {
    return schedules.list();
  }

  @Override
  public void pauseSchedule(String name) {
    schedules.pause(name);
  }

  @Override
  public void resumeSchedule(String name) {
    schedules.resume(name);
  }

  @Override
  public void deleteSchedule(String name) {
    schedules.delete(name);
  }

  private void check(String runId, String action, String allowed, Operations.Change change) {
    switch (change) {
      case DONE -> {}
      case NOT_FOUND -> throw new RunNotFoundException(runId);
      case WRONG_STATUS -> throw new RunStateException(runId, run(runId).status(), action, allowed);
    }
  }

  private static void requireText(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidConfigurationException(field, "must not be blank");
    }
    if (text.length() > 2000) {
      throw new InvalidConfigurationException(field, "must be at most 2000 characters");
    }
  }

  private long now() {
    return clock.now().toEpochMilli();
  }

  @Override
  public List<String> checkIntegrity() {
    return store.checkIntegrity();
  }

  @Override
  public void backup(java.nio.file.Path target) {
    store.backupTo(java.util.Objects.requireNonNull(target, "target"));
  }

  @Override
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }
}
