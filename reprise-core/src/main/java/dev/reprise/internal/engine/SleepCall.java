package dev.reprise.internal.engine;

import dev.reprise.StepKind;
import dev.reprise.Wait;
import dev.reprise.internal.engine.ReplayCursor.Position;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * {@code ctx.sleep}: the wake time is computed once and journaled (the entry started, with the time
 * as its output), and read back on replay. A short sleep stays on the run's thread; a longer one
 * parks the run until it is due, to be replayed to here and go on.
 */
final class SleepCall extends JournalCall<Void> {
  /** Sleeps up to this long stay on the run's thread; longer ones park the run. */
  static final long IN_THREAD_SLEEP_MILLIS = 100;

  private final Supplier<Instant> wake;

  SleepCall(Supplier<Instant> wake) {
    super("sleep", StepKind.SLEEP);
    this.wake = wake;
  }

  @Override
  Void completed(RunContextImpl ctx, Position at) {
    return null;
  }

  @Override
  Void run(RunContextImpl ctx, Position at) {
    Slot slot = ctx.slot(at.seq(), name, kind, false);
    Instant wakeAt;
    if (at.recorded() != null) {
      wakeAt = (Instant) Outputs.read(ctx.runId(), at.recorded(), Instant.class, ctx.loader());
      ctx.checkCancelled();
    } else {
      wakeAt = wake.get();
      ctx.record(slot.started(Outputs.json(wakeAt), Instant.class.getName()));
    }
    EngineClock clock = ctx.engine().clock();
    if (wakeAt.isAfter(clock.now().plusMillis(IN_THREAD_SLEEP_MILLIS))) {
      throw ctx.park(new Wait.Sleep(wakeAt), wakeAt.toEpochMilli());
    }
    try {
      clock.sleepUntil(wakeAt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RunAbandoned.stopping(e);
    }
    ctx.record(slot.completed(Outputs.json(wakeAt), Instant.class.getName(), 1, ctx.millis()));
    return null;
  }
}
