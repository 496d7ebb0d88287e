package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.ChildRun;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.InvalidInputException;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.UnknownWorkflowException;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.LeaseLostException;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.Operations;
import dev.reprise.internal.store.StepWrite;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a run waits without a thread: durable sleeps, signals and child runs. Each journals its entry
 * once; when what it waits for has not come, the run parks ({@link Suspend}) until it is due and is
 * replayed to here.
 */
final class Waits {
  /** Sleeps up to this long stay on the run's thread; longer ones park the run. */
  static final long IN_THREAD_SLEEP_MILLIS = 100;

  /** Output types of a completed signal entry: a payload received, or none before the deadline. */
  private static final String RECEIVED = "signal";

  private static final String TIMED_OUT = "signal-timed-out";

  /** The wait reason of a run parked until a child ends: this prefix, then the child's id. */
  static final String CHILD_WAIT = "child:";

  private final RunContextImpl ctx;

  Waits(RunContextImpl ctx) {
    this.ctx = ctx;
  }

  /**
   * The wake time is computed once, journaled, and read back on replay. A short wait stays on this
   * thread; a longer one parks the run ({@link Suspend}) and the dispatcher claims it again when it
   * is due, to replay to here and go on.
   */
  void sleepUntil(Supplier<Instant> wake) {
    ctx.requireOutsideStep("sleep");
    RunContextImpl.Position at = ctx.nextPosition();
    StepInfo recorded = at.recorded();
    int seq = at.seq();
    Slot slot = ctx.slot(seq, "sleep", StepKind.SLEEP, false);
    Instant wakeAt;
    if (recorded != null) {
      ctx.requireSame(seq, recorded, "sleep", StepKind.SLEEP);
      if (recorded.status() == StepStatus.COMPLETED) {
        return;
      }
      wakeAt = (Instant) Outputs.read(ctx.runId(), recorded, Instant.class, ctx.loader());
      ctx.checkCancelled();
    } else {
      wakeAt = wake.get();
      ctx.record(slot.started(toJson(wakeAt), Instant.class.getName()));
    }
    EngineClock clock = ctx.engine().clock();
    if (wakeAt.isAfter(clock.now().plusMillis(IN_THREAD_SLEEP_MILLIS))) {
      throw ctx.park(wakeAt.toEpochMilli(), "sleep until " + wakeAt);
    }
    try {
      clock.sleepUntil(wakeAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunAbandoned("interrupted while sleeping", e);
    }
    ctx.record(slot.completed(toJson(wakeAt), Instant.class.getName(), 1, ctx.millis()));
  }

  private static String toJson(Object value) {
    try {
      return Json.write(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Journals the wait (its deadline) once, then on each pass consumes a waiting signal if there is
   * one (in the transaction that completes the entry), ends with a timeout once the deadline has
   * passed, or parks the run until the deadline (a signal makes it due sooner).
   */
  @SuppressWarnings("unchecked")
  <T> Optional<T> awaitSignal(String name, Type type, Duration timeout) {
    Client.requireSignalName(name);
    if (timeout == null
        || timeout.isNegative()
        || timeout.compareTo(RunContextImpl.MAX_SLEEP) > 0) {
      throw new InvalidConfigurationException(
          "timeout",
          "must be between zero and "
              + RunContextImpl.MAX_SLEEP.toDays()
              + " days, was "
              + timeout);
    }
    ctx.requireOutsideStep("awaitSignal");
    RunContextImpl.Position at = ctx.nextPosition();
    StepInfo recorded = at.recorded();
    int seq = at.seq();
    Slot slot = ctx.slot(seq, name, StepKind.SIGNAL, false);
    Instant deadline;
    if (recorded != null) {
      ctx.requireSame(seq, recorded, name, StepKind.SIGNAL);
      if (recorded.status() == StepStatus.COMPLETED) {
        if (TIMED_OUT.equals(recorded.outputType())) {
          return Optional.empty();
        }
        return Optional.ofNullable((T) readSignal(recorded.output(), type, seq, name));
      }
      deadline = (Instant) Outputs.read(ctx.runId(), recorded, Instant.class, ctx.loader());
      ctx.checkCancelled();
    } else {
      deadline = ctx.engine().clock().now().plus(timeout);
      ctx.record(slot.started(toJson(deadline), Instant.class.getName()));
    }
    Optional<String> payload;
    try {
      payload =
          ctx.engine().store().consumeSignal(slot.completed(null, RECEIVED, 1, ctx.millis()), name);
    } catch (LeaseLostException e) {
      throw RunAbandoned.leaseLost(slot.epoch(), e);
    }
    if (payload.isPresent()) {
      return Optional.ofNullable((T) readSignal(payload.get(), type, seq, name));
    }
    if (!ctx.engine().clock().now().isBefore(deadline)) {
      ctx.record(slot.completed(null, TIMED_OUT, 1, ctx.millis()));
      return Optional.empty();
    }
    throw ctx.park(deadline.toEpochMilli(), Operations.SIGNAL_WAIT + name);
  }

  private Object readSignal(String payload, Type type, int seq, String name) {
    try {
      return Json.readLenient(payload, Json.type(type));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new StepFailedException(
          ctx.runId(),
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

  <I, O> ChildRun<O> startChild(Workflow<I, O> workflow, I input) {
    Objects.requireNonNull(workflow, "workflow");
    ctx.requireOutsideStep("startChild");
    // validated before the seq is taken, so that a refusal leaves no gap in the journal
    if (ctx.engine().workflow(workflow.name()) == null) {
      throw new UnknownWorkflowException(ctx.runId(), workflow.name());
    }
    String json;
    try {
      json = Json.write(input);
      Json.readStrict(json, Json.type(workflow.inputType()));
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(ctx.runId(), workflow.name(), Json.describe(e), e);
    }
    RunContextImpl.Position at = ctx.nextPosition();
    StepInfo recorded = at.recorded();
    int seq = at.seq();
    String childId = ctx.runId() + ":" + seq;
    ChildRun<O> child = new ChildRun<>(childId, seq, workflow.outputType());
    if (recorded != null) {
      ctx.requireSame(seq, recorded, workflow.name(), StepKind.CHILD);
      ctx.remember(seq, recorded);
      return child;
    }
    long now = ctx.millis();
    Slot slot = ctx.slot(seq, workflow.name(), StepKind.CHILD, false);
    ctx.join(
        ctx.engine()
            .store()
            .startChild(
                slot.started(toJson(childId), String.class.getName()),
                NewRun.child(childId, workflow.name(), json, now, ctx.runId(), seq))
            .thenApply(created -> null));
    ctx.engine().wake();
    return child;
  }

  @SuppressWarnings("unchecked")
  <O> O awaitChild(ChildRun<O> child) {
    Objects.requireNonNull(child, "child");
    ctx.requireOutsideStep("awaitChild");
    if (child.seq() >= ctx.nextSeq() || !child.id().equals(ctx.runId() + ":" + child.seq())) {
      throw new IllegalArgumentException("child " + child.id() + " was not started by this run");
    }
    StepInfo recorded = ctx.entry(child.seq());
    if (recorded != null && recorded.status() == StepStatus.COMPLETED) {
      return (O) Outputs.read(ctx.runId(), recorded, child.outputType(), ctx.loader());
    }
    if (recorded != null && recorded.status() == StepStatus.FAILED) {
      throw new StepFailedException(
          ctx.runId(),
          child.seq(),
          recorded.name(),
          recorded.errorType(),
          recorded.errorMessage(),
          null);
    }
    ctx.checkCancelled();
    RunInfo ended = ctx.engine().store().run(child.id(), false).orElse(null);
    if (ended == null || !ended.status().isTerminal()) {
      throw ctx.park(Long.MAX_VALUE, CHILD_WAIT + child.id());
    }
    Slot slot = ctx.slot(child.seq(), ended.workflow(), StepKind.CHILD, false);
    if (ended.status() != RunStatus.COMPLETED) {
      String type = ended.errorType() == null ? ended.status().label() : ended.errorType();
      String message =
          "child run "
              + child.id()
              + " ended "
              + ended.status().label()
              + ": "
              + ended.errorMessage();
      StepWrite failed = slot.failed(type, message, 1, ctx.millis());
      ctx.record(failed);
      ctx.remember(child.seq(), asInfo(failed));
      throw new StepFailedException(
          ctx.runId(), child.seq(), ended.workflow(), type, message, null);
    }
    StepWrite completed =
        slot.completed(ended.output(), Outputs.typeNameOf(child.outputType()), 1, ctx.millis());
    ctx.record(completed);
    ctx.remember(child.seq(), asInfo(completed));
    return (O) Outputs.read(ctx.runId(), asInfo(completed), child.outputType(), ctx.loader());
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
}
