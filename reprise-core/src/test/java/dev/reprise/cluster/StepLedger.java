package dev.reprise.cluster;

/**
 * The outside system a cluster test's step bodies touch: it notes each body start with the node
 * that made it, and applies each step's effect under its idempotency key.
 */
public interface StepLedger {
  /** Notes that a step body starts now, on this node (on the shared machine's clock). */
  void started(String runId, int seq) throws Exception;

  /** Applies the step's effect, once per {@code key}. */
  void apply(String key, String runId, int seq) throws Exception;
}
