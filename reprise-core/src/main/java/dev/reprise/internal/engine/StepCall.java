package dev.reprise.internal.engine;

import dev.reprise.Compensation;
import dev.reprise.StepBody;
import dev.reprise.StepKind;
import dev.reprise.StepOptions;
import dev.reprise.internal.engine.ReplayCursor.Position;
import java.lang.reflect.Type;

/**
 * {@code ctx.step}: a body run once (attempts retried by its policy) and its output recorded; a
 * compensation, if any, is stacked for the run's unwinding whether the step ran now or before.
 */
final class StepCall<T> extends JournalCall<T> {
  private final StepOptions options;
  private final Type type;
  private final StepBody<T> body;
  private final Compensation<T> compensation;

  StepCall(
      String name, StepOptions options, Type type, StepBody<T> body, Compensation<T> compensation) {
    super(name, StepKind.STEP);
    this.options = options;
    this.type = type;
    this.body = body;
    this.compensation = compensation;
  }

  @Override
  @SuppressWarnings("unchecked")
  T completed(RunContextImpl ctx, Position at) {
    T output = (T) Outputs.read(ctx.runId(), at.recorded(), type, ctx.loader());
    ctx.stackCompensation(name, at.seq(), output, compensation, options.compensationRetry());
    return output;
  }

  @Override
  @SuppressWarnings("unchecked")
  T run(RunContextImpl ctx, Position at) {
    Slot slot = ctx.slot(at.seq(), name, kind, options.atMostOnce(), compensation != null);
    T value = (T) Attempts.run(ctx, slot, options.retry(), at.attempts(), body::run);
    ctx.stackCompensation(name, at.seq(), value, compensation, options.compensationRetry());
    return value;
  }
}
