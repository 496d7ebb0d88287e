package dev.reprise.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock for tests, handed to {@code Reprise.builder().clock(...)}. Time moves only when told to:
 * by {@link #set}, {@link #advance}, or, for a clock made by {@link #autoAdvancing}, by the engine
 * waiting for a time (a retry's backoff, a short sleep), which then jumps to that time at once
 * (virtual time). Timers, retries, deadlines and schedules of an engine on this clock all follow
 * it.
 *
 * <pre>{@code
 * SettableClock clock = SettableClock.manual(Instant.parse("2026-01-01T00:00:00Z"));
 * try (Reprise reprise = Reprise.builder().sqliteInMemory().clock(clock).workflow(w).build()) {
 *   reprise.start();
 *   RunHandle<String> run = reprise.submit(w, "input");   // the workflow sleeps for a day
 *   clock.advance(Duration.ofDays(1));                    // and wakes now
 * }
 * }</pre>
 */
public final class SettableClock implements InstantSource {
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

  /** A clock whose waiters move time forward to their deadline instead of waiting. */
  public static SettableClock autoAdvancing(Instant start) {
    return new SettableClock(start, true);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  /** Sets the time; the engines on this clock fire what has come due. */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    synchronized (this) {
      now = instant;
      notifyAll();
    }
    listeners.forEach(Runnable::run);
  }

  /** Moves the time forward by {@code duration}. */
  public void advance(Duration duration) {
    Instant next;
    synchronized (this) {
      next = now.plus(duration);
    }
    set(next);
  }

  /**
   * Calls {@code listener} whenever the time is set or moved. Engines use it to fire timers when a
   * test moves time.
   */
  public void whenSet(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Blocks until the time reaches {@code deadline}; an auto-advancing clock moves to it at once.
   */
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
