package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.Approval;
import dev.reprise.ChildRun;
import dev.reprise.Clock;
import dev.reprise.Compensation;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.InvalidInputException;
import dev.reprise.NondeterminismException;
import dev.reprise.RepriseException;
import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepBody;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepOptions;
import dev.reprise.StepStatus;
import dev.reprise.TypeRef;
import dev.reprise.UnknownWorkflowException;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.Operations;
import dev.reprise.internal.store.StepWrite;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The context of one run on its own thread. Each call takes the next sequence number; when the
 * journal holds that seq, the recorded outcome is returned (or rethrown) and the body is not run.
 *
 * <p>Journal writes: an ordinary step's {@code executing} entry is lazy (it rides along with the
 * next commit, and is withdrawn if the step finishes first); its outcome is urgent, so a step's
 * result is durable before the workflow moves on. An at-most-once step's {@code executing} entry is
 * durable before its body runs, and so is every step's in a run taken back after a crash (epoch
 * above 1), so that a body that crashes the process has its attempts counted and ends at the retry
 * limit instead of looping.
 *
 * <p>Sagas: completed steps with a compensation are stacked. When the run fails, {@link
 * #compensate()} runs them in reverse, each as its own journal entry after the run's last one. A
 * run resumed while unwinding is replayed only up to the end of its forward journal, to rebuild
 * that stack.
 */
final class RunContextImpl implements RunContext {
  private record Registered(
      int seq, String step, Object output, Compensation<Object> compensation, RetryPolicy retry) {}

  /** Sleeps up to this long stay on the run's thread; longer ones park the run. */
  static final long IN_THREAD_SLEEP_MILLIS = 100;

  private static final Duration MAX_SLEEP = Duration.ofDays(36_500);

  /** Output types of a completed signal entry: a payload received, or none before the deadline. */
  private static final String RECEIVED = "signal";

  private static final String TIMED_OUT = "signal-timed-out";

  /** The wait reason of a run parked until a child ends: this prefix, then the child's id. */
  static final String CHILD_WAIT = "child:";

  private final ClaimedRun run;
  private final Map<Integer, StepInfo> journal;
  private final EngineContext engine;
  private final ClassLoader loader;
  private final Deque<Registered> compensations = new ArrayDeque<>();
  private int nextSeq = 1;
  private int currentStep;

  RunContextImpl(
      ClaimedRun run, Map<Integer, StepInfo> journal, EngineContext engine, ClassLoader loader) {
    this.run = run;
    this.journal = journal;
    this.engine = engine;
    this.loader = loader;
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
    return execute(name, StepOptions.DEFAULT, null, body, null);
  }

  @Override
  public <T> T step(String name, StepOptions options, StepBody<T> body) {
    return execute(name, options, null, body, null);
  }

  @Override
  public <T> T step(String name, StepBody<T> body, Compensation<T> compensation) {
    return execute(name, StepOptions.DEFAULT, null, body, Objects.requireNonNull(compensation));
  }

  @Override
  public <T> T step(
      String name, StepOptions options, StepBody<T> body, Compensation<T> compensation) {
    return execute(name, options, null, body, Objects.requireNonNull(compensation));
  }

  @Override
  public <T> T step(String name, TypeRef<T> type, StepBody<T> body) {
    return execute(
        name, StepOptions.DEFAULT, Objects.requireNonNull(type, "type").type(), body, null);
  }

  @Override
  public <T> T step(String name, StepOptions options, TypeRef<T> type, StepBody<T> body) {
    return execute(name, options, Objects.requireNonNull(type, "type").type(), body, null);
  }

  @Override
  public String idempotencyKey() {
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
    sleepUntil(() -> engine.clock().now().plus(duration));
  }

  @Override
  public void sleepUntil(Instant wakeAt) {
    if (wakeAt == null || wakeAt.isAfter(engine.clock().now().plus(MAX_SLEEP))) {
      throw new InvalidConfigurationException(
          "wakeAt", "must be at most " + MAX_SLEEP.toDays() + " days ahead, was " + wakeAt);
    }
    sleepUntil(() -> wakeAt);
  }

  /**
   * The wake time is computed once, journaled, and read back on replay. A short wait stays on this
   * thread; a longer one parks the run ({@link Suspend}) and the dispatcher claims it again when it
   * is due, to replay to here and go on.
   */
  private void sleepUntil(Supplier<Instant> wake) {
    if (currentStep != 0) {
      throw new IllegalStateException("sleep inside the body of step seq " + currentStep);
    }
    StepInfo recorded = forwardEntry(nextSeq);
    int seq = nextSeq++;
    Slot slot = slot(seq, "sleep", StepKind.SLEEP, false);
    Instant wakeAt;
    if (recorded != null) {
      requireSame(seq, recorded, "sleep", StepKind.SLEEP);
      if (recorded.status() == StepStatus.COMPLETED) {
        return;
      }
      wakeAt = (Instant) Outputs.read(run.id(), recorded, Instant.class, loader);
      checkCancelled();
    } else {
      checkCancelled();
      wakeAt = wake.get();
      record(slot.started(toJson(wakeAt), Instant.class.getName()));
    }
    Clock clock = engine.clock();
    if (wakeAt.isAfter(clock.now().plusMillis(IN_THREAD_SLEEP_MILLIS))) {
      throw park(wakeAt.toEpochMilli(), "sleep until " + wakeAt);
    }
    try {
      clock.sleepUntil(wakeAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunAbandoned("interrupted while sleeping", e);
    }
    record(slot.completed(toJson(wakeAt), Instant.class.getName(), 1, millis()));
  }

  private static String toJson(Object value) {
    try {
      return Json.write(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
    return awaitSignal(name, (Type) Objects.requireNonNull(type, "type"), timeout);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, TypeRef<T> type, Duration timeout) {
    return awaitSignal(name, Objects.requireNonNull(type, "type").type(), timeout);
  }

  @Override
  public Approval awaitApproval(String name, Duration timeout) {
    Optional<Approval> decision = awaitSignal(name, Approval.class, timeout);
    return decision.orElseGet(
        () ->
            new Approval(Approval.Decision.TIMED_OUT, null, "no decision within " + timeout, null));
  }

  /**
   * Journals the wait (its deadline) once, then on each pass consumes a waiting signal if there is
   * one (in the transaction that completes the entry), ends with a timeout once the deadline has
   * passed, or parks the run until the deadline (a signal makes it due sooner).
   */
  @SuppressWarnings("unchecked")
  private <T> Optional<T> awaitSignal(String name, Type type, Duration timeout) {
    Client.requireSignalName(name);
    if (timeout == null || timeout.isNegative() || timeout.compareTo(MAX_SLEEP) > 0) {
      throw new InvalidConfigurationException(
          "timeout", "must be between zero and " + MAX_SLEEP.toDays() + " days, was " + timeout);
    }
    if (currentStep != 0) {
      throw new IllegalStateException("awaitSignal inside the body of step seq " + currentStep);
    }
    StepInfo recorded = forwardEntry(nextSeq);
    int seq = nextSeq++;
    Slot slot = slot(seq, name, StepKind.SIGNAL, false);
    Instant deadline;
    if (recorded != null) {
      requireSame(seq, recorded, name, StepKind.SIGNAL);
      if (recorded.status() == StepStatus.COMPLETED) {
        if (TIMED_OUT.equals(recorded.outputType())) {
          return Optional.empty();
        }
        return Optional.ofNullable((T) readSignal(recorded.output(), type, seq, name));
      }
      deadline = (Instant) Outputs.read(run.id(), recorded, Instant.class, loader);
      checkCancelled();
    } else {
      checkCancelled();
      deadline = engine.clock().now().plus(timeout);
      record(slot.started(toJson(deadline), Instant.class.getName()));
    }
    Optional<String> payload =
        engine.store().consumeSignal(slot.completed(null, RECEIVED, 1, millis()), name);
    if (payload.isPresent()) {
      return Optional.ofNullable((T) readSignal(payload.get(), type, seq, name));
    }
    if (!engine.clock().now().isBefore(deadline)) {
      record(slot.completed(null, TIMED_OUT, 1, millis()));
      return Optional.empty();
    }
    throw park(deadline.toEpochMilli(), Operations.SIGNAL_WAIT + name);
  }

  private Object readSignal(String payload, Type type, int seq, String name) {
    try {
      return Json.readLenient(payload, Json.type(type));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new StepFailedException(
          run.id(),
          seq,
          name,
          "invalid_signal",
          "the payload of signal '"
              + name
              + "' does not fit "
              + type.getTypeName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public <I, O> ChildRun<O> startChild(Workflow<I, O> workflow, I input) {
    Objects.requireNonNull(workflow, "workflow");
    if (currentStep != 0) {
      throw new IllegalStateException("startChild inside the body of step seq " + currentStep);
    }
    StepInfo recorded = forwardEntry(nextSeq);
    int seq = nextSeq++;
    String childId = run.id() + ":" + seq;
    ChildRun<O> child = new ChildRun<>(childId, seq, workflow.outputType());
    if (recorded != null) {
      requireSame(seq, recorded, workflow.name(), StepKind.CHILD);
      journal.put(seq, recorded);
      return child;
    }
    checkCancelled();
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
    long now = millis();
    Slot slot = slot(seq, workflow.name(), StepKind.CHILD, false);
    join(
        engine
            .store()
            .startChild(
                slot.started(toJson(childId), String.class.getName()),
                NewRun.child(childId, workflow.name(), json, now, run.id(), seq))
            .thenApply(created -> null));
    engine.wake();
    return child;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <O> O awaitChild(ChildRun<O> child) {
    Objects.requireNonNull(child, "child");
    if (currentStep != 0) {
      throw new IllegalStateException("awaitChild inside the body of step seq " + currentStep);
    }
    if (child.seq() >= nextSeq || !child.id().equals(run.id() + ":" + child.seq())) {
      throw new IllegalArgumentException("child " + child.id() + " was not started by this run");
    }
    StepInfo recorded = journal.get(child.seq());
    if (recorded != null && recorded.status() == StepStatus.COMPLETED) {
      return (O) Outputs.read(run.id(), recorded, child.outputType(), loader);
    }
    if (recorded != null && recorded.status() == StepStatus.FAILED) {
      throw new StepFailedException(
          run.id(),
          child.seq(),
          recorded.name(),
          recorded.errorType(),
          recorded.errorMessage(),
          null);
    }
    checkCancelled();
    RunInfo ended = engine.store().run(child.id(), false).orElse(null);
    if (ended == null || !ended.status().isTerminal()) {
      throw park(Long.MAX_VALUE, CHILD_WAIT + child.id());
    }
    Slot slot = slot(child.seq(), ended.workflow(), StepKind.CHILD, false);
    if (ended.status() != RunStatus.COMPLETED) {
      String type = ended.errorType() == null ? ended.status().label() : ended.errorType();
      String message =
          "child run "
              + child.id()
              + " ended "
              + ended.status().label()
              + ": "
              + ended.errorMessage();
      StepWrite failed = slot.failed(type, message, 1, millis());
      record(failed);
      journal.put(child.seq(), asInfo(failed));
      throw new StepFailedException(run.id(), child.seq(), ended.workflow(), type, message, null);
    }
    StepWrite completed =
        slot.completed(ended.output(), Outputs.typeNameOf(child.outputType()), 1, millis());
    record(completed);
    journal.put(child.seq(), asInfo(completed));
    return (O) Outputs.read(run.id(), asInfo(completed), child.outputType(), loader);
  }

  private static StepInfo asInfo(StepWrite w) {
    return new StepInfo(
        w.seq(),
        w.name(),
        w.kind(),
        w.status(),
        w.atMostOnce(),
        w.output(),
        w.outputType(),
        w.errorType(),
        w.errorMessage(),
        w.attempts(),
        null,
        null);
  }

  @Override
  public Instant now() {
    return journaled(StepKind.NOW, "now()", Instant.class, () -> engine.clock().now());
  }

  @Override
  public UUID randomUUID() {
    return journaled(StepKind.UUID, "randomUUID()", UUID.class, UUID::randomUUID);
  }

  boolean hasCompensations() {
    return !compensations.isEmpty();
  }

  @SuppressWarnings("unchecked")
  private <T> T execute(
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
    StepInfo recorded = forwardEntry(nextSeq);
    int seq = nextSeq++;
    int attempts = 0;
    if (recorded != null) {
      requireSame(seq, recorded, name, StepKind.STEP);
      switch (recorded.status()) {
        case COMPLETED -> {
          T output = (T) Outputs.read(run.id(), recorded, type, loader);
          register(seq, name, output, compensation, options);
          return output;
        }
        case FAILED ->
            throw new StepFailedException(
                run.id(), seq, name, recorded.errorType(), recorded.errorMessage(), null);
        case PENDING, EXECUTING -> attempts = recorded.attempts();
      }
    } else {
      checkCancelled();
    }
    Slot slot = slot(seq, name, StepKind.STEP, options.atMostOnce());
    T value = (T) attempt(slot, options.retry(), attempts, body::run);
    register(seq, name, value, compensation, options);
    return value;
  }

  /**
   * The journal entry at a forward seq, or null to run it. An unwinding run never runs forward:
   * where its forward journal ends (no entry, or the compensations begin) replay stops.
   */
  private StepInfo forwardEntry(int seq) {
    StepInfo recorded = journal.get(seq);
    if (run.unwinding() && (recorded == null || recorded.kind() == StepKind.COMPENSATION)) {
      throw new ReplayStop();
    }
    return recorded;
  }

  @SuppressWarnings("unchecked")
  private <T> void register(
      int seq, String name, T output, Compensation<T> compensation, StepOptions options) {
    if (compensation != null) {
      compensations.push(
          new Registered(
              seq, name, output, (Compensation<Object>) compensation, options.compensationRetry()));
    }
  }

  /** Work of one attempt of a step body or a compensation. */
  private interface Attempt {
    Object run() throws Exception;
  }

  /**
   * Runs the attempts of a journal entry until one succeeds or the retry policy gives up, and
   * journals the outcome durably. Returns the value, or throws {@link StepFailedException}.
   */
  private Object attempt(Slot slot, RetryPolicy retry, int attemptsSoFar, Attempt work) {
    int attempts = attemptsSoFar;
    while (true) {
      if (attempts >= retry.maxAttempts()) {
        String message = "used all " + attempts + " attempts, the last one interrupted by a crash";
        record(slot.failed("attempts_exhausted", message, attempts, millis()));
        throw new StepFailedException(
            run.id(), slot.seq(), slot.name(), "attempts_exhausted", message, null);
      }
      if (engine.isStopping()) {
        throw new RunAbandoned("engine stopping", null);
      }
      attempts++;
      boolean durableFirst = slot.atMostOnce() || !run.isFirstClaim();
      CompletableFuture<Void> written =
          engine.store().writeStep(slot.executing(attempts), durableFirst);
      if (durableFirst) {
        join(written);
      }
      Object value;
      currentStep = slot.seq();
      try {
        value = work.run();
      } catch (RunAbandoned | ReplayStop | CancelSignal | VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        if (engine.isStopping() && isInterruption(e)) {
          throw new RunAbandoned("engine stopping", e);
        }
        if (retry.isRetryable(e) && attempts < retry.maxAttempts()) {
          backoff(retry, attempts);
          continue;
        }
        String errorType = e.getClass().getName();
        String message = String.valueOf(e.getMessage());
        record(slot.failed(errorType, message, attempts, millis()));
        throw new StepFailedException(run.id(), slot.seq(), slot.name(), errorType, message, e);
      } finally {
        currentStep = 0;
      }
      String json;
      try {
        json = Json.write(value);
      } catch (JsonProcessingException e) {
        String message = "the output cannot be written as JSON: " + e.getOriginalMessage();
        record(slot.failed("output_not_serializable", message, attempts, millis()));
        throw new StepFailedException(
            run.id(), slot.seq(), slot.name(), "output_not_serializable", message, e);
      }
      if (!durableFirst) {
        // a step that finished before its lazy executing entry was committed needs only its outcome
        written.cancel(false);
      }
      record(slot.completed(json, Outputs.typeName(value), attempts, millis()));
      return value;
    }
  }

  /**
   * Runs the compensations of the completed steps in reverse order, each journaled after the run's
   * last entry; those already completed in the journal are skipped. Returns null when all
   * succeeded, else the one that failed for good (the rest are not run).
   */
  CompensationFailure compensate() {
    while (!compensations.isEmpty()) {
      Registered c = compensations.pop();
      int seq = nextSeq++;
      StepInfo recorded = journal.get(seq);
      int attempts = 0;
      if (recorded != null) {
        requireSame(seq, recorded, c.step(), StepKind.COMPENSATION);
        if (recorded.status() == StepStatus.COMPLETED) {
          continue;
        }
        if (recorded.status() == StepStatus.FAILED) {
          return new CompensationFailure(
              c.step(), seq, recorded.errorType(), recorded.errorMessage());
        }
        attempts = recorded.attempts();
      }
      Slot slot = slot(seq, c.step(), StepKind.COMPENSATION, false);
      try {
        attempt(
            slot,
            c.retry(),
            attempts,
            () -> {
              c.compensation().compensate(c.output());
              return null;
            });
      } catch (StepFailedException e) {
        return new CompensationFailure(c.step(), seq, e.errorType(), e.errorMessage());
      }
    }
    return null;
  }

  private void checkCancelled() {
    String reason = cancelReason();
    if (reason != null) {
      throw new CancelSignal(reason);
    }
  }

  /** Why the run must stop: a cancel request, or its deadline passed; null to go on. */
  String cancelReason() {
    if (run.cancelReason() != null) {
      return run.cancelReason();
    }
    String requested = engine.cancelRequest(run.id());
    if (requested != null) {
      return requested;
    }
    if (run.deadlineAt() != null && millis() >= run.deadlineAt()) {
      return "the run's deadline " + Instant.ofEpochMilli(run.deadlineAt()) + " passed";
    }
    return null;
  }

  @Override
  public boolean isCancelled() {
    return cancelReason() != null;
  }

  /** Parks the run until {@code wakeAt}, or its deadline if that comes first. */
  private Suspend park(long wakeAt, String reason) {
    long at = run.deadlineAt() == null ? wakeAt : Math.min(wakeAt, run.deadlineAt());
    return new Suspend(at, reason);
  }

  @SuppressWarnings("unchecked")
  private <T> T journaled(StepKind kind, String name, Class<T> type, Supplier<T> source) {
    if (currentStep != 0) {
      return source.get();
    }
    StepInfo recorded = forwardEntry(nextSeq);
    int seq = nextSeq++;
    if (recorded != null) {
      requireSame(seq, recorded, name, kind);
      if (recorded.status() == StepStatus.COMPLETED) {
        return (T) Outputs.read(run.id(), recorded, type, loader);
      }
    }
    T value = source.get();
    long now = millis();
    try {
      record(slot(seq, name, kind, false).completed(Json.write(value), type.getName(), 1, now));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return value;
  }

  private Slot slot(int seq, String name, StepKind kind, boolean atMostOnce) {
    return new Slot(run.id(), run.epoch(), seq, name, kind, atMostOnce, millis());
  }

  private void requireSame(int seq, StepInfo recorded, String name, StepKind kind) {
    if (!recorded.name().equals(name) || recorded.kind() != kind) {
      throw new NondeterminismException(
          run.id(), seq, describe(recorded.name(), recorded.kind()), describe(name, kind));
    }
  }

  private static String describe(String name, StepKind kind) {
    return kind == StepKind.COMPENSATION ? "compensation of " + name : name;
  }

  /** Writes an entry and waits until it is durable. */
  private void record(StepWrite w) {
    join(engine.store().writeStep(w, true));
  }

  private void join(CompletableFuture<Void> written) {
    try {
      Futures.join(written);
    } catch (RepriseException e) {
      throw new RunAbandoned("the journal cannot be written: " + e.getMessage(), e);
    }
  }

  private void backoff(RetryPolicy retry, int attempt) {
    Clock clock = engine.clock();
    try {
      clock.sleepUntil(clock.now().plus(retry.backoffAfter(attempt)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunAbandoned("interrupted during backoff", e);
    }
  }

  private static boolean isInterruption(Throwable e) {
    return e instanceof InterruptedException || Thread.currentThread().isInterrupted();
  }

  private long millis() {
    return engine.clock().now().toEpochMilli();
  }
}
