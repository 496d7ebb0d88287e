package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunHandle;
import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * How late durable timers fire on an engine that is otherwise idle: runs that each sleep a random
 * time between {@code minSleep} and {@code maxSleep} (above the 100 ms that stay in-thread, so each
 * one parks and is woken by the dispatcher) are submitted one every {@code spacing}, so that little
 * else happens when one is due. Each run measures its own lateness (see {@link
 * WaitingWorkflows.TimedSleep}); the results are collected once the last run was submitted.
 */
final class TimerLateness {
  private static final WaitingWorkflows.TimedSleep TIMED = new WaitingWorkflows.TimedSleep();

  /** The sizes of one repetition. */
  record Timers(int runs, Duration spacing, Duration minSleep, Duration maxSleep) {
    Timers {
      if (runs < 1) {
        throw new IllegalArgumentException("--timer-runs must be at least 1");
      }
      if (spacing.isNegative()) {
        throw new IllegalArgumentException("--timer-spacing-millis must be zero or more");
      }
      if (minSleep.toMillis() <= 100 || maxSleep.compareTo(minSleep) < 0) {
        throw new IllegalArgumentException(
            "timer sleeps must be above 100 ms (shorter ones stay in-thread), min <= max; were "
                + minSleep.toMillis()
                + "-"
                + maxSleep.toMillis()
                + " ms");
      }
    }
  }

  private final Databases databases;
  private final SqliteSynchronous synchronous;
  private final Timers timers;

  TimerLateness(Databases databases, SqliteSynchronous synchronous, Timers timers) {
    this.databases = databases;
    this.synchronous = synchronous;
    this.timers = timers;
  }

  /** The lateness of every timer of one repetition, in milliseconds, sorted. */
  double[] measure(long seed) throws Exception {
    Path db = databases.fresh("timers");
    try (Reprise reprise = Engines.start(db, synchronous, 1, TIMED)) {
      SplittableRandom random = new SplittableRandom(seed);
      long min = timers.minSleep().toMillis();
      long max = timers.maxSleep().toMillis();
      List<RunHandle<Long>> runs = new ArrayList<>(timers.runs());
      long next = System.nanoTime();
      for (int i = 0; i < timers.runs(); i++) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        runs.add(reprise.submit(TIMED, random.nextLong(min, max + 1)));
        next += timers.spacing().toNanos();
      }
      Duration bound = timers.maxSleep().plusMinutes(1);
      double[] lateness = new double[runs.size()];
      for (int i = 0; i < lateness.length; i++) {
        lateness[i] = runs.get(i).result(bound) / 1000.0;
      }
      Arrays.sort(lateness);
      return lateness;
    } finally {
      databases.discard(db);
    }
  }
}
