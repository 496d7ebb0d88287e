package dev.reprise.internal.engine;

import dev.reprise.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The engine's time: the user's {@link InstantSource} (a {@code java.time.Clock} or a {@link
 * SettableClock}) plus waiting on it. On a settable clock waits follow the test's time and a move
 * of time wakes the dispatcher; on any other source they sleep for real.
 */
public final class EngineClock {
  private final InstantSource source;

  public EngineClock(InstantSource source) {
    this.source = source;
  }

  public Instant now() {
    return source.instant();
  }

  /** Blocks the calling thread until {@link #now()} reaches {@code deadline}. */
  public void sleepUntil(Instant deadline) throws InterruptedException {
    if (source instanceof SettableClock settable) {
      settable.sleepUntil(deadline);
      return;
    }
    long millis = Duration.between(now(), deadline).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  /** Calls {@code listener} when a test moves the time; never for a real clock. */
  void whenSet(Runnable listener) {
    if (source instanceof SettableClock settable) {
      settable.whenSet(listener);
    }
  }
}
