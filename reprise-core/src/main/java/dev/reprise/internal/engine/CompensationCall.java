package dev.reprise.internal.engine;

import dev.reprise.Compensation;
import dev.reprise.RetryPolicy;
import dev.reprise.StepKind;
import dev.reprise.internal.engine.ReplayCursor.Position;

/**
 * The compensation of a completed step, run while its run unwinds, as its own journal entry after
 * the run's forward journal; one already completed is not run again.
 */
final class CompensationCall extends JournalCall<Void> {
  private final Object output;
  private final Compensation<Object> compensation;
  private final RetryPolicy retry;

  CompensationCall(
      String step, Object output, Compensation<Object> compensation, RetryPolicy retry) {
    super(step, StepKind.COMPENSATION);
    this.output = output;
    this.compensation = compensation;
    this.retry = retry;
  }

  @Override
  Void completed(RunContextImpl ctx, Position at) {
    return null;
  }

  @Override
  Void run(RunContextImpl ctx, Position at) {
    Slot slot = ctx.slot(at.seq(), name, kind, false);
    Attempts.run(
        ctx,
        slot,
        retry,
        at.attempts(),
        () -> {
          compensation.compensate(output);
          return null;
        });
    return null;
  }
}
