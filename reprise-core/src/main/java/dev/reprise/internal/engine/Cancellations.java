package dev.reprise.internal.engine;

import dev.reprise.internal.store.ClaimedRun;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Why a run this engine executes must stop, from its one owner: the cancel request the run carried
 * when it was claimed, one asked since (in this process, or read from the store for requests made
 * elsewhere while the run executes here), or its deadline.
 */
final class Cancellations {
  private final Map<String, String> requested = new ConcurrentHashMap<>();

  /** A request made in this process (already in the store). */
  void request(String runId, String reason) {
    requested.putIfAbsent(runId, reason);
  }

  /** The requests the store holds for the runs this engine executes, read now. */
  void refresh(Map<String, String> stored) {
    requested.keySet().retainAll(stored.keySet());
    stored.forEach(requested::putIfAbsent);
  }

  /** Why {@code run} must stop now, or null to go on. */
  String reasonFor(ClaimedRun run, long nowMillis) {
    if (run.cancelReason() != null) {
      return run.cancelReason();
    }
    String asked = requested.get(run.id());
    if (asked != null) {
      return asked;
    }
    if (run.deadlineAt() != null && nowMillis >= run.deadlineAt()) {
      return "the run's deadline " + Instant.ofEpochMilli(run.deadlineAt()) + " passed";
    }
    return null;
  }
}
