package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.Wait;
import dev.reprise.internal.engine.ReplayCursor.Position;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.LeaseLostException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code ctx.awaitSignal}: journals the wait (its deadline) once, then on each pass consumes a
 * waiting signal if there is one (in the transaction that completes the entry), ends with a timeout
 * once the deadline has passed, or parks the run until the deadline (a signal makes it due sooner).
 * The completed entry's output type says which ({@link SignalOutcome}).
 */
final class SignalCall<T> extends JournalCall<Optional<T>> {
  private final String signal;
  private final Type type;
  private final Duration timeout;

  /**
   * A wait journaled as {@code name} for the signal called {@code signal} (the same, but for an
   * approval gate, whose decision travels as a signal of its own).
   */
  SignalCall(String name, String signal, Type type, Duration timeout) {
    super(name, StepKind.SIGNAL);
    this.signal = signal;
    this.type = type;
    this.timeout = timeout;
  }

  @Override
  Optional<T> completed(RunContextImpl ctx, Position at) {
    StepInfo r = at.recorded();
    if (SignalOutcome.of(r) == SignalOutcome.TIMED_OUT) {
      return Optional.empty();
    }
    return Optional.ofNullable(read(ctx, r.output(), at.seq()));
  }

  @Override
  Optional<T> run(RunContextImpl ctx, Position at) {
    Slot slot = ctx.slot(at.seq(), name, kind, false);
    Instant deadline;
    if (at.recorded() != null) {
      deadline = (Instant) Outputs.read(ctx.runId(), at.recorded(), Instant.class, ctx.loader());
      ctx.checkCancelled();
    } else {
      deadline = ctx.engine().clock().now().plus(timeout);
      ctx.record(slot.started(Outputs.json(deadline), Instant.class.getName()));
    }
    Optional<String> payload;
    try {
      payload =
          ctx.engine()
              .store()
              .journal()
              .consumeSignal(
                  slot.completed(null, SignalOutcome.RECEIVED.label(), 1, ctx.millis()), signal);
    } catch (LeaseLostException e) {
      throw RunAbandoned.leaseLost(slot.epoch(), e);
    }
    if (payload.isPresent()) {
      return Optional.ofNullable(read(ctx, payload.get(), at.seq()));
    }
    if (!ctx.engine().clock().now().isBefore(deadline)) {
      ctx.record(slot.completed(null, SignalOutcome.TIMED_OUT.label(), 1, ctx.millis()));
      return Optional.empty();
    }
    throw ctx.park(new Wait.Signal(signal, deadline), deadline.toEpochMilli());
  }

  @SuppressWarnings("unchecked")
  private T read(RunContextImpl ctx, String payload, int seq) {
    try {
      return (T) Json.readLenient(payload, Json.type(type));
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
}
