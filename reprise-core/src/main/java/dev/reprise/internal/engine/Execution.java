package dev.reprise.internal.engine;

import dev.reprise.internal.store.ClaimedRun;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run executing on this engine, under the epoch it was claimed with. Its virtual thread owns
 * the run; the fields here are what the rest of the engine reads of it: since when its lease is
 * known to hold (set at the claim and by each heartbeat that renewed it), under which of the node's
 * session locks it was claimed (the time its claim started, or the lock it was kept under after
 * that lock was lost: see {@link NodeSession}), what its thread is doing (for the logs), the steps
 * it would undo if it unwound now, whether the engine fenced it (took the run back from code that
 * did not stop), and whether its execution ended.
 */
final class Execution {
  final ClaimedRun run;
  volatile Thread thread;
  volatile long leaseFromNanos;
  volatile long sessionFromNanos;
  volatile String doing;
  volatile long cancelSeenNanos;
  volatile boolean fenced;
  volatile boolean ended;
  volatile boolean unwinding;
  volatile List<String> toUndo = List.of();
  final AtomicBoolean slotFreed = new AtomicBoolean();
  long charged; // of the memory budget, under this; see Executions

  Execution(ClaimedRun run, long claimStartedNanos, long claimedNanos) {
    this.run = run;
    this.sessionFromNanos = claimStartedNanos;
    this.leaseFromNanos = claimedNanos;
    this.unwinding = run.unwinding();
  }

  /** Fences the run's thread: it starts no body and journals nothing from now on. */
  synchronized void fence() {
    fenced = true;
  }

  /** Marks the thread inside a body, unless the run was fenced; see {@link #fence()}. */
  synchronized boolean enter(String what) {
    if (fenced) {
      return false;
    }
    doing = what;
    return true;
  }

  /** The execution ended: its context takes no more calls. */
  void ended() {
    ended = true;
  }

  /** What the run is doing, in words: {@code step 'charge' (seq 2)}, or between steps. */
  String doing() {
    String d = doing;
    return d == null ? "its workflow code between steps" : d;
  }
}
