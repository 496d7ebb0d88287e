package dev.reprise.internal.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Wakes threads waiting for a run to end in this process. A waiter registers, then reads the store,
 * so an end between the two is never missed; ends in other processes are seen by the waiter's own
 * periodic re-read.
 */
public final class RunEnds {
  private final ConcurrentHashMap<String, CompletableFuture<Void>> waiting =
      new ConcurrentHashMap<>();

  /** Registers interest in a run's end; call before reading its status. */
  public CompletableFuture<Void> watch(String runId) {
    return waiting.computeIfAbsent(runId, id -> new CompletableFuture<>());
  }

  public void forget(String runId) {
    waiting.remove(runId);
  }

  void ended(String runId) {
    CompletableFuture<Void> f = waiting.remove(runId);
    if (f != null) {
      f.complete(null);
    }
  }

  /** Waits on a registration at most {@code max}; false when it did not fire. */
  public static boolean await(CompletableFuture<Void> f, Duration max) throws InterruptedException {
    try {
      f.get(Math.max(1, max.toMillis()), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
