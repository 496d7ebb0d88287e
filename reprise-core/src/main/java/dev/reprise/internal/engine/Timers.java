package dev.reprise.internal.engine;

import dev.reprise.internal.store.Store;

/**
 * The dispatcher's view of the timers: when the next schedule fires, and when the earliest waiting
 * run or schedule is due, as last read. Read again when a run parks or a schedule changes ({@link
 * #changed()}, from any thread), when the time read has come, or after a poll interval (other
 * processes park runs too). Everything else is the dispatcher thread's.
 */
final class Timers {
  private final Store store;
  private final EngineClock clock;
  private final long pollMillis;
  private volatile boolean dirty = true;
  private long nextFire = Long.MIN_VALUE; // MIN_VALUE until first read
  private long nextTimer;
  private long readAt;

  Timers(Store store, EngineClock clock, long pollMillis) {
    this.store = store;
    this.clock = clock;
    this.pollMillis = pollMillis;
  }

  /** A run parked or a schedule changed: the next timer may come sooner than the one read. */
  void changed() {
    dirty = true;
  }

  /** Fires the schedules that are due now; returns how many runs they started. */
  int fireDue() {
    if (clock.now().toEpochMilli() < nextFire) {
      return 0;
    }
    int started = Chronos.tick(store.schedules(), clock.now());
    readNextFire();
    dirty = true;
    return started;
  }

  /**
   * How long the dispatcher may sleep: until the earliest waiting run or schedule is due, at most
   * the poll interval. A run that was already due when a claim found nothing (its workflow is not
   * registered here) does not count, or the dispatcher would spin; one that became due since does.
   */
  long untilNextWake(long emptyClaimAt) {
    try {
      long now = clock.now().toEpochMilli();
      if (dirty || nextTimer <= now || System.nanoTime() - readAt >= pollMillis * 1_000_000) {
        dirty = false;
        readAt = System.nanoTime();
        readNextFire();
        Long wake = store.queue().nextWakeAt();
        nextTimer = Math.min(nextFire, wake == null ? Long.MAX_VALUE : wake);
      }
      if (nextTimer == Long.MAX_VALUE || nextTimer <= emptyClaimAt) {
        return pollMillis;
      }
      long wait = nextTimer - clock.now().toEpochMilli();
      return wait <= 0 ? 0 : Math.min(wait, pollMillis);
    } catch (RuntimeException e) {
      return pollMillis;
    }
  }

  private void readNextFire() {
    Long fire = store.schedules().nextFireAt();
    nextFire = fire == null ? Long.MAX_VALUE : fire;
  }
}
