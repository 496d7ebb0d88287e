package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.Approval;
import dev.reprise.ChildOptions;
import dev.reprise.ChildRun;
import dev.reprise.Compensation;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.InvalidInputException;
import dev.reprise.NondeterminismException;
import dev.reprise.PublishedValue;
import dev.reprise.RepriseException;
import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepBody;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepOptions;
import dev.reprise.TagLimitException;
import dev.reprise.Tags;
import dev.reprise.TypeRef;
import dev.reprise.UnknownWorkflowException;
import dev.reprise.Wait;
import dev.reprise.Workflow;
import dev.reprise.internal.engine.ReplayCursor.Position;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.LeaseLostException;
import dev.reprise.internal.store.StepWrite;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The context of one run on its own thread. Each call becomes a {@link JournalCall} at the next
 * journal position ({@link #call}); where the journal holds that call's outcome it is replayed
 * instead of run.
 *
 * <p>Sagas: completed steps with a compensation are stacked. When the run fails, {@link
 * #compensate()} runs them in reverse, each as its own journal entry after the run's last one. A
 * run resumed while unwinding is replayed only up to the end of its forward journal, to rebuild
 * that stack.
 *
 * <p>What the engine throws to unwind the workflow (a {@link RunUnwinding}, or a replay mismatch)
 * stands once thrown: a workflow that catches it and calls the context again gets it again, and the
 * one after that is taken back by the engine ({@link EngineContext#takeOver}). The context answers
 * only its run's thread, and only while the run executes.
 */
final class RunContextImpl implements RunContext {
  private record Stacked(
      String step, int seq, Object output, Compensation<Object> compensation, RetryPolicy retry) {}

  static final Duration MAX_SLEEP = Duration.ofDays(36_500);

  private final ClaimedRun run;
  private final Execution execution;
  private final ReplayCursor cursor;
  private final EngineContext engine;
  private final ClassLoader loader;
  private final boolean probing;
  private final Deque<Stacked> compensations = new ArrayDeque<>();
  private int currentStep;
  private Throwable unwinding; // the first the engine threw at the workflow
  private int callsAfterUnwinding;
  private boolean forwardEnded;
  private final java.util.Set<String> unpatched = new java.util.HashSet<>(); // old path, by id
  private int forwardReached = Integer.MAX_VALUE; // the cursor's position when it ended

  RunContextImpl(
      Execution execution,
      Map<Integer, StepInfo> journal,
      EngineContext engine,
      ClassLoader loader) {
    this(execution, journal, engine, loader, false);
  }

  /**
   * @param probing a replay check ({@link ReplayProbe}): where the run would act (a new position,
   *     an entry to run again, a wait), the context throws {@link ReplayProbe.LiveEdge} instead
   */
  RunContextImpl(
      Execution execution,
      Map<Integer, StepInfo> journal,
      EngineContext engine,
      ClassLoader loader,
      boolean probing) {
    this.execution = execution;
    this.run = execution.run;
    this.cursor = new ReplayCursor(run.id(), run.unwinding(), journal);
    this.engine = engine;
    this.loader = loader;
    this.probing = probing;
  }

  @Override
  public String runId() {
    return run.id();
  }

  @Override
  public String workflow() {
    return run.workflow();
  }

  @Override
  public <T> T step(String name, StepBody<T> body) {
    return step(name, StepOptions.DEFAULT, null, body, null);
  }

  @Override
  public <T> T step(String name, StepOptions options, StepBody<T> body) {
    return step(name, options, null, body, null);
  }

  @Override
  public <T> T step(String name, StepBody<T> body, Compensation<T> compensation) {
    return step(name, StepOptions.DEFAULT, null, body, Objects.requireNonNull(compensation));
  }

  @Override
  public <T> T step(
      String name, StepOptions options, StepBody<T> body, Compensation<T> compensation) {
    return step(name, options, null, body, Objects.requireNonNull(compensation));
  }

  @Override
  public <T> T step(String name, TypeRef<T> type, StepBody<T> body) {
    return step(name, StepOptions.DEFAULT, Objects.requireNonNull(type, "type").type(), body, null);
  }

  @Override
  public <T> T step(String name, StepOptions options, TypeRef<T> type, StepBody<T> body) {
    return step(name, options, Objects.requireNonNull(type, "type").type(), body, null);
  }

  private <T> T step(
      String name, StepOptions options, Type type, StepBody<T> body, Compensation<T> compensation) {
    if (name == null || name.isBlank()) {
      throw new InvalidConfigurationException("step name", "must not be blank");
    }
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(body, "body");
    if (currentStep != 0) {
      throw new IllegalStateException(
          "step '"
              + name
              + "' called inside the body of step seq "
              + currentStep
              + "; steps do not nest");
    }
    return call(new StepCall<>(name, options, type, body, compensation));
  }

  @Override
  public String idempotencyKey() {
    requireRunThread();
    if (currentStep == 0) {
      throw new IllegalStateException(
          "idempotencyKey() is only available inside a step body or a compensation");
    }
    return run.id() + ":" + currentStep;
  }

  @Override
  public void sleep(Duration duration) {
    if (duration == null || duration.isNegative() || duration.compareTo(MAX_SLEEP) > 0) {
      throw new InvalidConfigurationException(
          "duration", "must be between zero and " + MAX_SLEEP.toDays() + " days, was " + duration);
    }
    requireOutsideStep("sleep");
    call(new SleepCall(() -> engine.clock().now().plus(duration)));
  }

  @Override
  public void sleepUntil(Instant wakeAt) {
    if (wakeAt == null || wakeAt.isAfter(engine.clock().now().plus(MAX_SLEEP))) {
      throw new InvalidConfigurationException(
          "wakeAt", "must be at most " + MAX_SLEEP.toDays() + " days ahead, was " + wakeAt);
    }
    requireOutsideStep("sleep");
    call(new SleepCall(() -> wakeAt));
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
    return awaitSignal(name, (Type) Objects.requireNonNull(type, "type"), timeout);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, TypeRef<T> type, Duration timeout) {
    return awaitSignal(name, Objects.requireNonNull(type, "type").type(), timeout);
  }

  private <T> Optional<T> awaitSignal(String name, Type type, Duration timeout) {
    return awaitSignal(name, name, type, timeout);
  }

  private <T> Optional<T> awaitSignal(String name, String signal, Type type, Duration timeout) {
    Client.requireSignalName(name);
    if (timeout == null || timeout.isNegative() || timeout.compareTo(MAX_SLEEP) > 0) {
      throw new InvalidConfigurationException(
          "timeout", "must be between zero and " + MAX_SLEEP.toDays() + " days, was " + timeout);
    }
    requireOutsideStep("awaitSignal");
    return call(new SignalCall<T>(name, signal, type, timeout));
  }

  /**
   * A gate waits for its own signal, which only approve and reject send: a plain signal cannot
   * decide it, so every decision goes through the audit and the actor rules.
   */
  @Override
  public Approval awaitApproval(String name, Duration timeout) {
    Optional<Approval> decision =
        awaitSignal(name, Wait.Signal.GATE_PREFIX + name, Approval.class, timeout);
    return decision.orElseGet(
        () ->
            new Approval(Approval.Decision.TIMED_OUT, null, "no decision within " + timeout, null));
  }

  @Override
  public <I, O> ChildRun<O> startChild(Workflow<I, O> workflow, I input, ChildOptions options) {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(options, "options");
    requireOutsideStep("startChild");
    // validated before the seq is taken, so that a refusal leaves no gap in the journal
    if (engine.workflow(workflow.name()) == null) {
      throw new UnknownWorkflowException(run.id(), workflow.name());
    }
    String json;
    try {
      json = Json.write(input);
      Json.readStrict(json, Json.type(workflow.inputType()));
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(run.id(), workflow.name(), Json.describe(e), e);
    }
    return call(new ChildCall<O>(workflow.name(), json, workflow.outputType(), options.detached()));
  }

  @Override
  public <O> O awaitChild(ChildRun<O> child) {
    Objects.requireNonNull(child, "child");
    requireOutsideStep("awaitChild");
    if (child.seq() >= cursor.nextSeq() || !child.id().equals(run.id() + ":" + child.seq())) {
      throw new IllegalArgumentException("child " + child.id() + " was not started by this run");
    }
    return guarded(() -> ChildCall.await(this, child));
  }

  @Override
  public Instant now() {
    if (currentStep != 0) {
      requireRunThread();
      return engine.clock().now();
    }
    return call(
        new JournaledValue<>(StepKind.NOW, "now()", Instant.class, () -> engine.clock().now()));
  }

  @Override
  public UUID randomUUID() {
    if (currentStep != 0) {
      requireRunThread();
      return UUID.randomUUID();
    }
    return call(new JournaledValue<>(StepKind.UUID, "randomUUID()", UUID.class, UUID::randomUUID));
  }

  @Override
  public boolean patched(String changeId) {
    dev.reprise.Ids.requireName("changeId", changeId);
    requireOutsideStep("patched");
    return guarded(
        () -> {
          if (unpatched.contains(changeId)) {
            return false;
          }
          StepInfo next = cursor.peek();
          if (next != null && !(next.kind() == StepKind.PATCH && next.name().equals(changeId))) {
            // the journal holds the old code's call here: this run keeps the old path
            unpatched.add(changeId);
            return false;
          }
          return call(
              new JournaledValue<>(StepKind.PATCH, changeId, Boolean.class, () -> Boolean.TRUE));
        });
  }

  /**
   * The limit on a run's tags is checked before the call takes its position, so a refusal leaves no
   * gap in the journal; only this run's executor sets its tags after submit, so the count read is
   * the count written. A replayed entry is not checked again.
   */
  @Override
  public void tag(String name, String value) {
    Tags.requireName("name", name);
    Tags.requireValue("value", value);
    requireOutsideStep("tag");
    guarded(
        () -> {
          StepInfo next = cursor.peek();
          boolean recorded =
              next != null
                  && next.kind() == StepKind.TAG
                  && next.name().equals(name)
                  && next.status() == dev.reprise.StepStatus.COMPLETED;
          if (!recorded && !probing) {
            Map<String, String> held = engine.store().attributes().tags(run.id());
            if (!held.containsKey(name) && held.size() >= Tags.MAX_PER_RUN) {
              throw new TagLimitException(run.id(), name, held.size());
            }
          }
          return call(new TagCall(name, value));
        });
  }

  @Override
  public void publish(String name, Object value) {
    dev.reprise.Ids.requireName("name", name);
    requireOutsideStep("publish");
    String json;
    try {
      json = Json.write(value);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigurationException(
          "value", "cannot be written as JSON: " + e.getOriginalMessage());
    }
    if (json.length() > PublishedValue.MAX_JSON_CHARS) {
      throw new InvalidConfigurationException(
          "value",
          "a published value must be at most "
              + PublishedValue.MAX_JSON_CHARS
              + " characters of JSON, was "
              + json.length());
    }
    call(new PublishCall(name, json, Outputs.typeName(value)));
  }

  @Override
  public boolean isCancelled() {
    return !probing && cancelReason() != null;
  }

  /**
   * Takes the call's journal position and applies the rule every kind shares: a completed entry is
   * replayed, a failed one fails again, anything else runs.
   */
  <T> T call(JournalCall<T> call) {
    return guarded(
        () -> {
          Position at =
              call.kind == StepKind.COMPENSATION
                  ? cursor.compensation(call.name)
                  : cursor.forward(call.name, call.kind, this::checkCancelled);
          StepInfo recorded = at.recorded();
          if (recorded == null) {
            return call.run(this, at);
          }
          return switch (recorded.status()) {
            case COMPLETED -> call.completed(this, at);
            case FAILED -> call.failed(this, at);
            case PENDING, EXECUTING -> {
              if (call.kind != StepKind.COMPENSATION) {
                // a run asked to stop runs nothing again, not even an interrupted step
                checkCancelled();
              }
              yield call.run(this, at);
            }
          };
        });
  }

  /**
   * Runs a call of the workflow (or of the unwinding that follows it): only on the run's thread,
   * while it executes and is not fenced, and not after the workflow went on past an unwinding.
   */
  private <T> T guarded(java.util.function.Supplier<T> call) {
    requireRunThread();
    if (!forwardEnded && unwinding != null) {
      if (++callsAfterUnwinding > 1) {
        engine.takeOver(execution, this); // does not return
      }
      throw rethrow(unwinding);
    }
    if (execution.fenced) {
      stand(RunAbandoned.leaseLost(run.epoch(), null));
    }
    try {
      return call.get();
    } catch (RunUnwinding | NondeterminismException e) {
      throw stand(e);
    }
  }

  /**
   * Refuses a call from another thread than the run's, or after its execution ended. Only {@link
   * #isCancelled()} answers any thread (a body's own workers may poll it to stop early).
   */
  private void requireRunThread() {
    if (Thread.currentThread() != execution.thread || execution.ended) {
      throw new IllegalStateException(
          "the context of run "
              + run.id()
              + " is used "
              + (execution.ended ? "after its execution ended" : "from another thread")
              + "; a RunContext is valid only on its run's thread while the run executes");
    }
  }

  /** Notes the first unwinding thrown at the workflow, and throws it. */
  private RuntimeException stand(Throwable e) {
    if (!forwardEnded && unwinding == null) {
      unwinding = e;
    }
    throw rethrow(e);
  }

  private static RuntimeException rethrow(Throwable e) {
    if (e instanceof Error error) {
      throw error;
    }
    throw (RuntimeException) e;
  }

  /**
   * The workflow's forward part is over (it returned, or threw): returns what must be made of it
   * instead of its result, if anything. That is the first unwinding thrown at it, or, when it
   * returned before the end of its forward journal, a replay mismatch.
   */
  Throwable endForward(Throwable thrown) {
    forwardEnded = true;
    forwardReached = cursor.nextSeq();
    if (unwinding != null) {
      return unwinding;
    }
    if (cursor.mismatch() == null) {
      if (thrown == null) {
        cursor.reachedEnd("(none: the workflow returned)");
      } else if (!run.unwinding()
          && !(thrown instanceof RunAbandoned)
          && !(thrown instanceof CorruptJournalException)) {
        // code that once went on past here now throws: it changed under the run
        cursor.reachedEnd("(none: the workflow threw " + thrown.getClass().getName() + ")");
      }
    }
    return cursor.mismatch();
  }

  @SuppressWarnings("unchecked")
  <T> void stackCompensation(
      String step, int seq, T output, Compensation<T> compensation, RetryPolicy retry) {
    if (compensation != null) {
      compensations.push(
          new Stacked(step, seq, output, (Compensation<Object>) compensation, retry));
      publishUndo();
    }
  }

  /** Tells the engine what the run would undo now, should it have to end the run from outside. */
  private void publishUndo() {
    execution.toUndo =
        compensations.stream().map(c -> "'" + c.step() + "' (seq " + c.seq() + ")").toList();
  }

  /** The run is {@code compensating} in the store now. */
  void beganUnwinding() {
    execution.unwinding = true;
  }

  boolean hasCompensations() {
    return !compensations.isEmpty();
  }

  /**
   * Runs the compensations of the completed steps in reverse order, each journaled after the run's
   * last entry; those already completed in the journal are skipped. Returns null when all
   * succeeded, else the one that failed for good (the rest are not run).
   */
  CompensationFailure compensate() {
    List<StepInfo> dropped = droppedCompensations();
    while (!compensations.isEmpty()) {
      Stacked c = compensations.peek();
      int seq = cursor.nextSeq();
      try {
        call(new CompensationCall(c.step(), c.output(), c.compensation(), c.retry()));
      } catch (StepFailedException e) {
        return new CompensationFailure(c.step(), seq, e.errorType(), e.errorMessage());
      } catch (NondeterminismException e) {
        // the code's compensations are not those of the journal: undoing more would guess
        return new CompensationFailure(
            c.step(),
            seq,
            "nondeterminism",
            e.getMessage()
                + "; not undone: "
                + String.join(", ", execution.toUndo)
                + "; undo them by hand (or deploy the code that matches, then retry the"
                + " compensation), then resolve the run");
      }
      compensations.pop();
      publishUndo();
    }
    if (!dropped.isEmpty()) {
      String names =
          String.join(
              ", ", dropped.stream().map(s -> "'" + s.name() + "' (seq " + s.seq() + ")").toList());
      return new CompensationFailure(
          dropped.get(0).name(),
          dropped.get(0).seq(),
          "nondeterminism",
          "the journal records that "
              + names
              + " completed with a compensation, which this code does not have (a deploy dropped"
              + " it); not undone: "
              + names
              + "; undo them by hand (or deploy the code that has them, then retry the"
              + " compensation), then resolve the run");
    }
    return null;
  }

  /**
   * Completed steps of the journal, before where the forward replay stopped, that were recorded
   * with a compensation this code no longer stacks and that no completed compensation undid.
   */
  private List<StepInfo> droppedCompensations() {
    java.util.Set<Integer> stacked = new java.util.HashSet<>();
    compensations.forEach(c -> stacked.add(c.seq()));
    java.util.Collection<StepInfo> entries = cursor.entries();
    List<String> undone = new ArrayList<>();
    for (StepInfo s : entries) {
      if (s.kind() == StepKind.COMPENSATION && s.status() == dev.reprise.StepStatus.COMPLETED) {
        undone.add(s.name());
      }
    }
    List<StepInfo> dropped = new ArrayList<>();
    for (StepInfo s : entries) {
      if (s.kind() == StepKind.STEP
          && s.status() == dev.reprise.StepStatus.COMPLETED
          && s.compensable()
          && s.seq() < forwardReached
          && !stacked.contains(s.seq())
          && !undone.remove(s.name())) {
        dropped.add(s);
      }
    }
    return dropped;
  }

  ReplayCursor cursor() {
    return cursor;
  }

  EngineContext engine() {
    return engine;
  }

  ClassLoader loader() {
    return loader;
  }

  boolean isFirstClaim() {
    return run.isFirstClaim();
  }

  /**
   * Marks the thread inside the body of {@code slot}'s entry (for its idempotency key, and for the
   * engine: a cancel interrupts only a body, and the logs name it). Before the body starts, the run
   * must still be this engine's: on a shared store the lease is checked, and renewed when its time
   * may have run out (a pause, a long GC), so that no body starts for a run another node took.
   */
  void enterBody(Slot slot) {
    engine.ensureLease(execution);
    String what =
        (slot.kind() == StepKind.COMPENSATION ? "the compensation of step '" : "step '")
            + slot.name()
            + "' (seq "
            + slot.seq()
            + ")";
    if (!execution.enter(what)) {
      throw RunAbandoned.leaseLost(run.epoch(), null);
    }
    currentStep = slot.seq();
  }

  void leaveBody() {
    execution.doing = null;
    currentStep = 0;
  }

  private void requireOutsideStep(String what) {
    if (currentStep != 0) {
      throw new IllegalStateException(what + " inside the body of step seq " + currentStep);
    }
  }

  void checkCancelled() {
    if (probing) {
      throw new ReplayProbe.LiveEdge(); // every way to act live passes here first
    }
    String reason = cancelReason();
    if (reason != null) {
      throw new CancelSignal(reason);
    }
  }

  /** Why the run must stop (a cancel request, or its deadline passed); null to go on. */
  String cancelReason() {
    return engine.cancellations().reasonFor(run, millis());
  }

  /** Parks the run to wait for {@code wait} until {@code wakeAt}, or its deadline if sooner. */
  Suspend park(Wait wait, long wakeAt) {
    long at = run.deadlineAt() == null ? wakeAt : Math.min(wakeAt, run.deadlineAt());
    return new Suspend(wait, at);
  }

  Slot slot(int seq, String name, StepKind kind, boolean atMostOnce) {
    return slot(seq, name, kind, atMostOnce, false);
  }

  /** A slot whose entries say whether the step has a compensation ({@code compensable}). */
  Slot slot(int seq, String name, StepKind kind, boolean atMostOnce, boolean compensable) {
    return new Slot(run.id(), run.epoch(), seq, name, kind, atMostOnce, millis(), compensable);
  }

  /** Writes an entry and waits until it is durable. */
  void record(StepWrite w) {
    if (w.output() != null && w.output().length() > 1024) {
      engine.holds(execution, RunMemory.weight(run.inputJson(), w.output()));
    }
    join(engine.store().journal().writeStep(w, true));
  }

  void join(CompletableFuture<Void> written) {
    try {
      Futures.join(written);
    } catch (LeaseLostException e) {
      throw RunAbandoned.leaseLost(run.epoch(), e);
    } catch (RepriseException e) {
      throw new RunAbandoned(
          "the journal cannot be written: " + e.getMessage(), e, RunAbandoned.Why.STORE);
    }
  }

  long millis() {
    return engine.clock().now().toEpochMilli();
  }
}
