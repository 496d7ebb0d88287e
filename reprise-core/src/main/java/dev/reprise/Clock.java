package dev.reprise;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's source of time and of waiting. Inject {@link SettableClock} in tests so that retries
 * and backoff run in virtual time.
 */
public interface Clock {

  Instant now();

  /** Blocks the calling thread until {@link #now()} reaches {@code deadline}. */
  void sleepUntil(Instant deadline) throws InterruptedException;

  /**
   * Calls {@code listener} whenever this clock's time is set by hand (see {@link SettableClock});
   * the system clock never calls it. The engine uses it to fire timers when a test moves time.
   */
  default void whenSet(Runnable listener) {}

  /** The system clock, sleeping for real. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** The system clock. */
  final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {}

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
      long millis = Duration.between(Instant.now(), deadline).toMillis();
      if (millis > 0) {
        Thread.sleep(millis);
      }
    }
  }
}
