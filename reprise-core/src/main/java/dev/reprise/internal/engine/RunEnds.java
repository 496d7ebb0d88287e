package dev.reprise.internal.engine;

import dev.reprise.internal.store.RunEnd;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ends of runs in this process, handed to those waiting for them: a waiter registers, then
 * reads the store (so an end between the two is never missed), and the executor that records the
 * end completes the waiter's future with it, without another read. Ends in other processes are seen
 * by the waiter's own periodic re-read.
 */
public final class RunEnds {
  private final ConcurrentHashMap<String, CompletableFuture<RunEnd>> waiting =
      new ConcurrentHashMap<>();

  /** Registers interest in a run's end; call before reading its status. */
  CompletableFuture<RunEnd> watch(String runId) {
    return waiting.computeIfAbsent(runId, id -> new CompletableFuture<>());
  }

  /** Drops a registration that is no longer waited on. */
  void forget(String runId, CompletableFuture<RunEnd> watched) {
    waiting.remove(runId, watched);
  }

  /** A run's end was recorded in this process. */
  void ended(RunEnd end) {
    CompletableFuture<RunEnd> watched = waiting.remove(end.runId());
    if (watched != null) {
      watched.complete(end);
    }
  }
}
