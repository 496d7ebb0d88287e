package dev.reprise.daemon.server;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time a request's body has to arrive, {@code http.read_timeout} from the moment its headers
 * were read. The request's thread reads; one timer thread fires the deadlines, each on a virtual
 * thread of its own so that no answer written holds up another. A {@link Watch} ends exactly once:
 * either the reader finishes in time, or the deadline expires; the change is made under the
 * exchange's {@link Responder} lock, so that a reader that finds its watch expired waits there for
 * the deadline's answer to be written, never writes its own.
 */
final class ReadDeadline implements AutoCloseable {
  private static final int READING = 0;
  private static final int DONE = 1;
  private static final int EXPIRED = 2;

  private final Duration timeout;
  private final ScheduledThreadPoolExecutor timer =
      new ScheduledThreadPoolExecutor(
          1, Thread.ofPlatform().daemon().name("reprise-http-read-deadline").factory());

  ReadDeadline(Duration timeout) {
    this.timeout = timeout;
    // most bodies arrive in time: their cancelled deadlines must not pile up until due
    timer.setRemoveOnCancelPolicy(true);
  }

  Duration timeout() {
    return timeout;
  }

  /**
   * Starts the clock for one body; {@code onExpiry} runs holding {@code lock} if the deadline comes
   * first.
   */
  Watch start(Object lock, Runnable onExpiry) {
    Watch w = new Watch(lock, onExpiry);
    w.future =
        timer.schedule(
            () -> Thread.ofVirtual().name("reprise-http-timeout").start(w::expire),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    return w;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  /** One body's deadline. */
  static final class Watch {
    private final AtomicInteger state = new AtomicInteger(READING);
    private final Object lock;
    private final Runnable onExpiry;
    private volatile ScheduledFuture<?> future;

    private Watch(Object lock, Runnable onExpiry) {
      this.lock = lock;
      this.onExpiry = onExpiry;
    }

    /** The body was read: true if in time, false if the deadline had expired (and answered). */
    boolean finish() {
      if (state.compareAndSet(READING, DONE)) {
        ScheduledFuture<?> f = future;
        if (f != null) {
          f.cancel(false);
        }
        return true;
      }
      return false;
    }

    boolean expired() {
      return state.get() == EXPIRED;
    }

    private void expire() {
      synchronized (lock) {
        if (state.compareAndSet(READING, EXPIRED)) {
          onExpiry.run();
        }
      }
    }
  }
}
