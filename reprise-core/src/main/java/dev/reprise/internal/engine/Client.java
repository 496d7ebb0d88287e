package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.Approval;
import dev.reprise.AuditEntry;
import dev.reprise.Ids;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.InvalidInputException;
import dev.reprise.MisfirePolicy;
import dev.reprise.OperatorAction;
import dev.reprise.ReconcileReport;
import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunOptions;
import dev.reprise.RunStateException;
import dev.reprise.RunStatus;
import dev.reprise.Schedule;
import dev.reprise.ScheduleNotFoundException;
import dev.reprise.StepInfo;
import dev.reprise.TypeRef;
import dev.reprise.UnknownWorkflowException;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.InsertResult;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.Operations;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.Store;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The client side: submit and query runs. Needs no engine; wakes one when there is. */
public final class Client implements RepriseClient {
  private static final int VACUUM_BATCH = 500;

  /** A client of a process that executes no runs. */
  public static Client standalone(Store store, WorkflowRegistry registry, EngineClock clock) {
    return new Client(store, registry, clock, new RunEnds(), LocalEngine.NONE, true);
  }

  private final Store store;
  private final WorkflowRegistry registry;
  private final EngineClock clock;
  private final RunEnds ends;
  private final LocalEngine engine;
  private final boolean ownsStore;
  private final String actor;
  private final String actorReason;

  Client(
      Store store,
      WorkflowRegistry registry,
      EngineClock clock,
      RunEnds ends,
      LocalEngine engine,
      boolean ownsStore) {
    this(store, registry, clock, ends, engine, ownsStore, processUser(), null);
  }

  private Client(
      Store store,
      WorkflowRegistry registry,
      EngineClock clock,
      RunEnds ends,
      LocalEngine engine,
      boolean ownsStore,
      String actor,
      String actorReason) {
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    this.ends = ends;
    this.engine = engine;
    this.ownsStore = ownsStore;
    this.actor = actor;
    this.actorReason = actorReason;
  }

  /** The audit's actor when none was named: the operating-system user, if it is a valid actor. */
  private static String processUser() {
    try {
      return Ids.requireActor("actor", System.getProperty("user.name"));
    } catch (RuntimeException e) {
      return "unknown";
    }
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
    return new Client(store, registry, clock, ends, engine, false, actor, reason);
  }

  @Override
  public List<AuditEntry> audit(String runId) {
    return store.audit().ofRun(Ids.requireReference("runId", runId));
  }

  @Override
  public List<AuditEntry> scheduleAudit(String name) {
    return store.audit().ofSchedule(Ids.requireReference("name", name));
  }

  /** Records an operator action that was done; see {@link AuditEntry}. */
  private void audited(
      OperatorAction action, String target, String who, String reason, String detail) {
    String why = reason != null ? reason : actorReason;
    store
        .audit()
        .record(
            new AuditEntry(
                action,
                action.onSchedule() ? null : target,
                action.onSchedule() ? target : null,
                who,
                why,
                detail,
                clock.now()));
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
    return new Handle<>(id, workflow.outputType(), store, ends);
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
    return new Handle<>(insert(workflow, inputJson, options), outputType, store, ends);
  }

  private static void check(String workflow, String json, Type inputType) {
    try {
      Json.readStrict(json, Json.type(inputType));
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(null, workflow, Json.describe(e), e);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(null, workflow, e.getMessage(), e);
    }
  }

  private String insert(String workflow, String json, RunOptions options) {
    RunOptions o = options == null ? RunOptions.DEFAULT : options;
    long now = clock.now().toEpochMilli();
    String id = o.runId() != null ? o.runId() : RunIds.next(now);
    String owner = registry.find(workflow) == null ? null : engine.reserve(o.queueName());
    InsertResult result;
    Long deadline = o.timeout() == null ? null : now + o.timeout().toMillis();
    try {
      NewRun run =
          new NewRun(
              id,
              workflow,
              json,
              o.idempotencyKey(),
              now,
              null,
              0,
              null,
              null,
              deadline,
              o.queueName(),
              o.priority());
      result = store.insertRun(owner == null ? run : run.ownedBy(owner, engine.leaseMillis()));
    } catch (RuntimeException e) {
      if (owner != null) {
        engine.release();
      }
      throw e;
    }
    if (owner == null) {
      if (result.created()) {
        engine.wake();
      }
    } else if (result.created()) {
      engine.launch(ClaimedRun.forward(result.runId(), workflow, json, 1, deadline, o.queueName()));
    } else {
      engine.release();
    }
    return result.runId();
  }

  @Override
  public <O> RunHandle<O> handle(String runId, TypeRef<O> outputType) {
    run(runId);
    return new Handle<>(runId, outputType.type(), store, ends);
  }

  @Override
  public RunInfo run(String runId) {
    Ids.requireReference("runId", runId);
    return store.run(runId, true).orElseThrow(() -> new RunNotFoundException(runId));
  }

  @Override
  public List<RunInfo> runs(RunFilter filter) {
    return store.runs(filter == null ? RunFilter.all() : filter);
  }

  @Override
  public List<RunInfo> unresolved() {
    return store.operations().unresolved();
  }

  @Override
  public List<StepInfo> steps(String runId) {
    Ids.requireReference("runId", runId);
    List<StepInfo> steps = store.steps(runId);
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
    return store.operations().recent(limit);
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
  public void markFailedCompensation(String runId, String reason) {
    Ids.requireReference("runId", runId);
    requireText("reason", reason);
    long now = now();
    check(
        runId,
        "mark failed_compensation",
        "only compensating, failed or failed_compensation runs can be",
        store
            .operations()
            .markFailedCompensation(
                runId, ReasonLine.of(now, "marked failed_compensation: " + reason), now));
    audited(OperatorAction.MARK_FAILED_COMPENSATION, runId, actor, reason, null);
  }

  @Override
  public void retryCompensation(String runId) {
    Ids.requireReference("runId", runId);
    long now = now();
    check(
        runId,
        "retry the compensation of",
        "only failed_compensation runs can be",
        store
            .operations()
            .retryCompensation(
                runId, ReasonLine.of(now, "compensation retried by an operator"), now));
    audited(OperatorAction.RETRY_COMPENSATION, runId, actor, null, null);
    engine.wake();
  }

  @Override
  public RunHandle<Object> retry(String runId) {
    Ids.requireReference("runId", runId);
    RunHandle<Object> retried = RunRetry.retry(this, runId);
    audited(OperatorAction.RETRY, runId, actor, null, retried.id());
    return retried;
  }

  @Override
  public Map<RunStatus, Long> countByStatus() {
    return store.operations().countByStatus();
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
    audited(OperatorAction.RESOLVE, runId, actor, note, null);
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
    audited(OperatorAction.CANCEL, runId, actor, reason, null);
    engine.cancelRequested(runId, reason);
    engine.wake();
  }

  @Override
  public void signal(String runId, String name, Object payload) {
    Ids.requireReference("runId", runId);
    requireSignalName(name);
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
    engine.wake();
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
    signal(runId, gate, new Approval(decision, actor, reason, clock.now()));
    audited(
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
    int[] counts = store.reconcileChildren(now());
    engine.wake();
    return new ReconcileReport(counts[0], counts[1]);
  }

  @Override
  public Schedule schedule(
      String name, String cron, String zone, String workflow, Object input, MisfirePolicy misfire) {
    Ids.requireScheduleName("name", name);
    Cron parsed = Cron.parse(cron, zone);
    if (workflow == null || workflow.isBlank()) {
      throw new InvalidConfigurationException("workflow", "must not be blank");
    }
    if (misfire == null) {
      throw new InvalidConfigurationException("misfire", "must be skip or run_once");
    }
    String json;
    try {
      json = Json.write(input);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(null, workflow, "cannot be written as JSON", e);
    }
    if (!registry.isEmpty()) {
      Workflow<?, ?> known = registry.find(workflow);
      if (known == null) {
        throw new UnknownWorkflowException(null, workflow);
      }
      check(workflow, json, known.inputType());
    }
    Schedule schedule =
        new Schedule(
            name, cron, zone, workflow, json, misfire, false, parsed.next(clock.now()), null);
    if (!store.schedules().create(schedule, now())) {
      throw new InvalidConfigurationException("name", "a schedule named '" + name + "' exists");
    }
    audited(
        OperatorAction.SCHEDULE_CREATE,
        name,
        actor,
        null,
        "cron '" + cron + "' (" + zone + "), workflow " + workflow);
    engine.timersChanged();
    return schedule;
  }

  @Override
  public List<Schedule> schedules() {
    return store.schedules().list();
  }

  @Override
  public void pauseSchedule(String name) {
    Ids.requireReference("name", name);
    if (!store.schedules().setPaused(name, true, null)) {
      throw new ScheduleNotFoundException(name);
    }
    audited(OperatorAction.SCHEDULE_PAUSE, name, actor, null, null);
  }

  @Override
  public void resumeSchedule(String name) {
    Ids.requireReference("name", name);
    Schedule s = store.schedules().get(name).orElseThrow(() -> new ScheduleNotFoundException(name));
    long next = Cron.parse(s.cron(), s.zone()).next(clock.now()).toEpochMilli();
    store.schedules().setPaused(name, false, next);
    audited(OperatorAction.SCHEDULE_RESUME, name, actor, null, null);
    engine.timersChanged();
  }

  @Override
  public void deleteSchedule(String name) {
    Ids.requireReference("name", name);
    if (!store.schedules().delete(name)) {
      throw new ScheduleNotFoundException(name);
    }
    audited(OperatorAction.SCHEDULE_DELETE, name, actor, null, null);
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
  public void close() {
    if (ownsStore) {
      store.close();
    }
  }
}
