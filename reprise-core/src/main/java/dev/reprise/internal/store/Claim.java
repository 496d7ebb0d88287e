package dev.reprise.internal.store;

import java.util.Collection;

/**
 * What a node asks for when it claims runs: up to {@code max} runs of these workflows, for {@code
 * owner}, holding a lease of {@code leaseMillis} on the database's clock. With {@code queue} set,
 * only runs of that queue, and no more than leave {@code globalLimit} (when set) runs of the queue
 * running on all nodes together; with {@code queue} null, runs of every queue but {@code
 * otherQueues}.
 */
public record Claim(
    String owner,
    Collection<String> workflows,
    int max,
    long nowMillis,
    long leaseMillis,
    String queue,
    Collection<String> otherQueues,
    Integer globalLimit) {

  /** Runs of any queue, no limits: what a node with no queues configured claims. */
  public static Claim any(
      String owner, Collection<String> workflows, int max, long nowMillis, long leaseMillis) {
    return new Claim(
        owner, workflows, max, nowMillis, leaseMillis, null, java.util.List.of(), null);
  }

  public Claim withMax(int max) {
    return new Claim(
        owner, workflows, max, nowMillis, leaseMillis, queue, otherQueues, globalLimit);
  }
}
