package dev.reprise;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A clock for tests. Time moves only when told to: by {@link #set}, {@link #advance}, or, for a
 * clock made by {@link #autoAdvancing}, by a sleeper, which then jumps time to its deadline at once
 * (virtual time). Sleepers on a manual clock wake when the time they wait for is set.
 */
public final class SettableClock implements Clock {
  private final boolean autoAdvance;
  private Instant now;

  private SettableClock(Instant start, boolean autoAdvance) {
    this.now = Objects.requireNonNull(start, "start");
    this.autoAdvance = autoAdvance;
  }

  /** A clock whose time moves only by {@link #set} and {@link #advance}. */
  public static SettableClock manual(Instant start) {
    return new SettableClock(start, false);
  }

  /** A clock whose sleepers move time forward to their deadline instead of waiting. */
  public static SettableClock autoAdvancing(Instant start) {
    return new SettableClock(start, true);
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  public synchronized void set(Instant instant) {
    now = Objects.requireNonNull(instant, "instant");
    notifyAll();
  }

  public synchronized void advance(Duration duration) {
    set(now.plus(duration));
  }

  @Override
  public synchronized void sleepUntil(Instant deadline) throws InterruptedException {
    if (autoAdvance) {
      if (deadline.isAfter(now)) {
        set(deadline);
      }
      return;
    }
    while (now.isBefore(deadline)) {
      wait();
    }
  }
}
