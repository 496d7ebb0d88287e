package dev.reprise.internal.engine;

import dev.reprise.internal.store.ClaimedRun;

/**
 * One run executing on this engine, under the epoch it was claimed with. Its virtual thread owns
 * the run; the fields here are what the rest of the engine reads of it: since when its lease is
 * known to hold (set at the claim and by each heartbeat that renewed it), what its thread is doing
 * (for the logs), and whether the engine fenced it (took the run back from a body that did not
 * stop).
 */
final class Execution {
  final ClaimedRun run;
  volatile Thread thread;
  volatile long leaseFromNanos;
  volatile String doing;
  volatile long cancelSeenNanos;
  volatile boolean fenced;

  Execution(ClaimedRun run, long claimedNanos) {
    this.run = run;
    this.leaseFromNanos = claimedNanos;
  }

  /** What the run is doing, in words: {@code step 'charge' (seq 2)}, or between steps. */
  String doing() {
    String d = doing;
    return d == null ? "its workflow code between steps" : d;
  }
}
