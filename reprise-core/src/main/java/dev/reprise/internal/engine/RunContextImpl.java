package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.Clock;
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
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.StepWrite;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The context of one run on its own thread. Each call takes the next sequence number; when the
 * journal holds that seq, the recorded outcome is returned (or rethrown) and the body is not run.
 *
 * <p>Journal writes: an ordinary step's {@code executing} entry is lazy (it rides along with the
 * next commit); its outcome is urgent, so a step's result is durable before the workflow moves on.
 * An at-most-once step's {@code executing} entry is durable before its body runs, and so is every
 * step's in a run taken back after a crash (epoch above 1), so that a body that crashes the process
 * has its attempts counted and ends at the retry limit instead of looping.
 */
final class RunContextImpl implements RunContext {
  private final ClaimedRun run;
  private final Map<Integer, StepInfo> journal;
  private final EngineContext engine;
  private final ClassLoader loader;
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
    return execute(name, StepOptions.DEFAULT, null, body);
  }

  @Override
  public <T> T step(String name, StepOptions options, StepBody<T> body) {
    return execute(name, options, null, body);
  }

  @Override
  public <T> T step(String name, TypeRef<T> type, StepBody<T> body) {
    return execute(name, StepOptions.DEFAULT, Objects.requireNonNull(type, "type").type(), body);
  }

  @Override
  public <T> T step(String name, StepOptions options, TypeRef<T> type, StepBody<T> body) {
    return execute(name, options, Objects.requireNonNull(type, "type").type(), body);
  }

  @Override
  public String idempotencyKey() {
    if (currentStep == 0) {
      throw new IllegalStateException("idempotencyKey() is only available inside a step body");
    }
    return run.id() + ":" + currentStep;
  }

  @Override
  public Instant now() {
    return journaled(StepKind.NOW, "now()", Instant.class, () -> engine.clock().now());
  }

  @Override
  public UUID randomUUID() {
    return journaled(StepKind.UUID, "randomUUID()", UUID.class, UUID::randomUUID);
  }

  @SuppressWarnings("unchecked")
  private <T> T execute(String name, StepOptions options, Type type, StepBody<T> body) {
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
    int seq = nextSeq++;
    StepInfo recorded = journal.get(seq);
    int attempts = 0;
    if (recorded != null) {
      requireSame(seq, recorded, name, StepKind.STEP);
      switch (recorded.status()) {
        case COMPLETED -> {
          return (T) Outputs.read(run.id(), recorded, type, loader);
        }
        case FAILED ->
            throw new StepFailedException(
                run.id(), seq, name, recorded.errorType(), recorded.errorMessage(), null);
        case PENDING, EXECUTING -> attempts = recorded.attempts();
      }
    }
    RetryPolicy retry = options.retry();
    long startedAt = millis();
    while (true) {
      if (attempts >= retry.maxAttempts()) {
        String message = "used all " + attempts + " attempts, the last one interrupted by a crash";
        record(
            seq,
            name,
            StepKind.STEP,
            StepStatus.FAILED,
            options.atMostOnce(),
            null,
            null,
            "attempts_exhausted",
            message,
            attempts,
            startedAt);
        throw new StepFailedException(run.id(), seq, name, "attempts_exhausted", message, null);
      }
      if (engine.isStopping()) {
        throw new RunAbandoned("engine stopping", null);
      }
      attempts++;
      var executing =
          write(
              seq,
              name,
              StepKind.STEP,
              StepStatus.EXECUTING,
              options.atMostOnce(),
              null,
              null,
              null,
              null,
              attempts,
              startedAt,
              null);
      // Durable first for at-most-once steps, and in a run that was recovered: there a body may be
      // what crashes the process, and its attempts must be counted for the retry limit to end it.
      boolean durableFirst = options.atMostOnce() || !run.isFirstClaim();
      var written = engine.store().writeStep(executing, durableFirst);
      if (durableFirst) {
        join(written);
      }
      T value;
      currentStep = seq;
      try {
        value = body.run();
      } catch (RunAbandoned | VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        if (engine.isStopping() && isInterruption(e)) {
          throw new RunAbandoned("engine stopping", e);
        }
        if (retry.isRetryable(e) && attempts < retry.maxAttempts()) {
          backoff(retry, attempts);
          continue;
        }
        String type2 = e.getClass().getName();
        String message = String.valueOf(e.getMessage());
        record(
            seq,
            name,
            StepKind.STEP,
            StepStatus.FAILED,
            options.atMostOnce(),
            null,
            null,
            type2,
            message,
            attempts,
            startedAt);
        throw new StepFailedException(run.id(), seq, name, type2, message, e);
      } finally {
        currentStep = 0;
      }
      String json;
      try {
        json = Json.write(value);
      } catch (JsonProcessingException e) {
        String message = "the output cannot be written as JSON: " + e.getOriginalMessage();
        record(
            seq,
            name,
            StepKind.STEP,
            StepStatus.FAILED,
            options.atMostOnce(),
            null,
            null,
            "output_not_serializable",
            message,
            attempts,
            startedAt);
        throw new StepFailedException(run.id(), seq, name, "output_not_serializable", message, e);
      }
      if (!durableFirst) {
        // a step that finished before its lazy executing entry was committed needs only its outcome
        written.cancel(false);
      }
      record(
          seq,
          name,
          StepKind.STEP,
          StepStatus.COMPLETED,
          options.atMostOnce(),
          json,
          Outputs.typeName(value),
          null,
          null,
          attempts,
          startedAt);
      return value;
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T journaled(StepKind kind, String name, Class<T> type, Supplier<T> source) {
    if (currentStep != 0) {
      return source.get();
    }
    int seq = nextSeq++;
    StepInfo recorded = journal.get(seq);
    if (recorded != null) {
      requireSame(seq, recorded, name, kind);
      if (recorded.status() == StepStatus.COMPLETED) {
        return (T) Outputs.read(run.id(), recorded, type, loader);
      }
    }
    T value = source.get();
    long now = millis();
    try {
      record(
          seq,
          name,
          kind,
          StepStatus.COMPLETED,
          false,
          Json.write(value),
          type.getName(),
          null,
          null,
          1,
          now);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return value;
  }

  private void requireSame(int seq, StepInfo recorded, String name, StepKind kind) {
    if (!recorded.name().equals(name) || recorded.kind() != kind) {
      throw new NondeterminismException(run.id(), seq, recorded.name(), name);
    }
  }

  /** Writes a step's outcome and waits until it is durable. */
  private void record(
      int seq,
      String name,
      StepKind kind,
      StepStatus status,
      boolean atMostOnce,
      String output,
      String outputType,
      String errorType,
      String errorMessage,
      int attempts,
      long startedAt) {
    StepWrite w =
        write(
            seq,
            name,
            kind,
            status,
            atMostOnce,
            output,
            outputType,
            errorType,
            errorMessage,
            attempts,
            startedAt,
            millis());
    join(engine.store().writeStep(w, true));
  }

  private StepWrite write(
      int seq,
      String name,
      StepKind kind,
      StepStatus status,
      boolean atMostOnce,
      String output,
      String outputType,
      String errorType,
      String errorMessage,
      int attempts,
      long startedAt,
      Long endedAt) {
    return new StepWrite(
        run.id(),
        seq,
        name,
        kind,
        status,
        atMostOnce,
        output,
        outputType,
        errorType,
        errorMessage,
        attempts,
        run.epoch(),
        startedAt,
        endedAt);
  }

  private void join(java.util.concurrent.CompletableFuture<Void> written) {
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
