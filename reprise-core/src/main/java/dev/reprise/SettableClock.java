package dev.reprise;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock for tests. Time moves only when told to: by {@link #set}, {@link #advance}, or, for a
 * clock made by {@link #autoAdvancing}, by a sleeper, which then jumps time to its deadline at once
 * (virtual time). Sleepers on a manual clock wake when the time they wait for is set.
 */
public final class SettableClock implements Clock {
  private final boolean autoAdvance;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
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

  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    synchronized (this) {
      now = instant;
      notifyAll();
    }
    listeners.forEach(Runnable::run);
  }

  public void advance(Duration duration) {
    Instant next;
    synchronized (this) {
      next = now.plus(duration);
    }
    set(next);
  }

  @Override
  public void whenSet(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public void sleepUntil(Instant deadline) throws InterruptedException {
    if (autoAdvance) {
      boolean moved;
      synchronized (this) {
        moved = deadline.isAfter(now);
        if (moved) {
          now = deadline;
          notifyAll();
        }
      }
      if (moved) {
        listeners.forEach(Runnable::run);
      }
      return;
    }
    synchronized (this) {
      while (now.isBefore(deadline)) {
        wait();
      }
    }
  }
}
