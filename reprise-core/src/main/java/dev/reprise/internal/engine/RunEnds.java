package dev.reprise.internal.engine;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wakes threads waiting for a run to end in this process. A waiter registers, then reads the store,
 * so an end between the two is never missed; ends in other processes are seen by the waiter's own
 * periodic re-read.
 */
public final class RunEnds {
  private final ConcurrentHashMap<String, CountDownLatch> waiting = new ConcurrentHashMap<>();

  /** Registers interest in a run's end; call before reading its status. */
  public CountDownLatch watch(String runId) {
    return waiting.computeIfAbsent(runId, id -> new CountDownLatch(1));
  }

  public void forget(String runId) {
    waiting.remove(runId);
  }

  void ended(String runId) {
    CountDownLatch latch = waiting.remove(runId);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Waits on a registration at most {@code max}; false when it did not fire. */
  public static boolean await(CountDownLatch latch, Duration max) throws InterruptedException {
    return latch.await(Math.max(1, max.toNanos()), TimeUnit.NANOSECONDS);
  }
}
