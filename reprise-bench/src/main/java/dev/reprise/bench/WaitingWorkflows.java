package dev.reprise.bench;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.time.Duration;
import java.time.Instant;

/** The workflows of the {@code waiting} suite: runs that park, and runs that time their wake. */
final class WaitingWorkflows {
  /** The signal the awaiting runs wait for. */
  static final String SIGNAL = "go";

  /** Long enough that no parked run wakes on its own during a measurement. */
  static final Duration LONG_WAIT = Duration.ofHours(1);

  private WaitingWorkflows() {}

  /** Sleeps an hour: parked as {@code waiting} for as long as the measurement lasts. */
  static final class SleepAnHour implements Workflow<Integer, Integer> {
    @Override
    public String name() {
      return "bench-sleep-an-hour";
    }

    @Override
    public Integer run(RunContext ctx, Integer input) {
      ctx.sleep(LONG_WAIT);
      return input;
    }
  }

  /** Awaits the signal {@value #SIGNAL} for up to an hour; returns whether it came. */
  static final class AwaitSignal implements Workflow<Integer, Boolean> {
    @Override
    public String name() {
      return "bench-await-signal";
    }

    @Override
    public Boolean run(RunContext ctx, Integer input) {
      return ctx.awaitSignal(SIGNAL, Integer.class, LONG_WAIT).isPresent();
    }
  }

  /**
   * Sleeps {@code input} milliseconds and returns how late it woke, in microseconds. The intended
   * wake time is the journaled {@code ctx.now()} before the sleep plus the duration; the sleep is
   * {@code sleepUntil} that very instant, which is what {@code sleep(duration)} does with the time
   * it reads itself, so that the commit of the {@code now()} entry is not counted as lateness. The
   * wake is read in a step body, on the run's thread, before that step's commit.
   */
  static final class TimedSleep implements Workflow<Long, Long> {
    @Override
    public String name() {
      return "bench-timed-sleep";
    }

    @Override
    public Long run(RunContext ctx, Long millis) {
      Instant intended = ctx.now().plusMillis(millis);
      ctx.sleepUntil(intended);
      long woke = ctx.step("woke", () -> micros(Instant.now()));
      return woke - micros(intended);
    }

    private static long micros(Instant t) {
      return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }
  }
}
