package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.Approval;
import dev.reprise.ChildRun;
import dev.reprise.Compensation;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.NondeterminismException;
import dev.reprise.RepriseException;
import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepBody;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepOptions;
import dev.reprise.StepStatus;
import dev.reprise.TypeRef;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.LeaseLostException;
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

  static final Duration MAX_SLEEP = Duration.ofDays(36_500);

  private final ClaimedRun run;
  private final Map<Integer, StepInfo> journal;
  private final EngineContext engine;
  private final ClassLoader loader;
  private final Deque<Registered> compensations = new ArrayDeque<>();
  private final Waits waits = new Waits(this);
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
    waits.sleepUntil(() -> engine.clock().now().plus(duration));
  }

  @Override
  public void sleepUntil(Instant wakeAt) {
    if (wakeAt == null || wakeAt.isAfter(engine.clock().now().plus(MAX_SLEEP))) {
      throw new InvalidConfigurationException(
          "wakeAt", "must be at most " + MAX_SLEEP.toDays() + " days ahead, was " + wakeAt);
    }
    waits.sleepUntil(() -> wakeAt);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
    return waits.awaitSignal(name, (Type) Objects.requireNonNull(type, "type"), timeout);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, TypeRef<T> type, Duration timeout) {
    return waits.awaitSignal(name, Objects.requireNonNull(type, "type").type(), timeout);
  }

  @Override
  public Approval awaitApproval(String name, Duration timeout) {
    Optional<Approval> decision = waits.awaitSignal(name, Approval.class, timeout);
    return decision.orElseGet(
        () ->
            new Approval(Approval.Decision.TIMED_OUT, null, "no decision within " + timeout, null));
  }

  @Override
  public <I, O> ChildRun<O> startChild(Workflow<I, O> workflow, I input) {
    return waits.startChild(workflow, input);
  }

  @Override
  public <O> O awaitChild(ChildRun<O> child) {
    return waits.awaitChild(child);
  }

  /** A journal position taken by a call: its seq, and its entry when the journal has one. */
  record Position(int seq, StepInfo recorded) {}

  Position nextPosition() {
    StepInfo recorded = forwardEntry(nextSeq);
    if (recorded == null) {
      // before the seq is taken: a seq left without an entry would shift the compensations that
      // follow against a later replay of this run
      checkCancelled();
    }
    return new Position(nextSeq++, recorded);
  }

  int nextSeq() {
    return nextSeq;
  }

  StepInfo entry(int seq) {
    return journal.get(seq);
  }

  void remember(int seq, StepInfo entry) {
    journal.put(seq, entry);
  }

  void requireOutsideStep(String what) {
    if (currentStep != 0) {
      throw new IllegalStateException(what + " inside the body of step seq " + currentStep);
    }
  }

  EngineContext engine() {
    return engine;
  }

  ClassLoader loader() {
    return loader;
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
    Position at = nextPosition();
    StepInfo recorded = at.recorded();
    int seq = at.seq();
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

  void checkCancelled() {
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
  Suspend park(long wakeAt, String reason) {
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

  Slot slot(int seq, String name, StepKind kind, boolean atMostOnce) {
    return new Slot(run.id(), run.epoch(), seq, name, kind, atMostOnce, millis());
  }

  void requireSame(int seq, StepInfo recorded, String name, StepKind kind) {
    if (!recorded.name().equals(name) || recorded.kind() != kind) {
      throw new NondeterminismException(
          run.id(), seq, describe(recorded.name(), recorded.kind()), describe(name, kind));
    }
  }

  private static String describe(String name, StepKind kind) {
    return kind == StepKind.COMPENSATION ? "compensation of " + name : name;
  }

  /** Writes an entry and waits until it is durable. */
  void record(StepWrite w) {
    join(engine.store().writeStep(w, true));
  }

  void join(CompletableFuture<Void> written) {
    try {
      Futures.join(written);
    } catch (LeaseLostException e) {
      throw RunAbandoned.leaseLost(run.epoch(), e);
    } catch (RepriseException e) {
      throw new RunAbandoned("the journal cannot be written: " + e.getMessage(), e);
    }
  }

  private void backoff(RetryPolicy retry, int attempt) {
    EngineClock clock = engine.clock();
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

  long millis() {
    return engine.clock().now().toEpochMilli();
  }
}
