package dev.reprise.internal.store;

import java.util.Map;

/**
 * Recovery's decisions, applied in one transaction to the runs left {@code running} or {@code
 * compensating} by {@code owner} (every owner when null): the runs to fail (id to why); every other
 * run gets its {@code executing} steps reset to {@code pending} and goes back to {@code pending},
 * except that a run interrupted inside an at-most-once step unwinds. {@code counted} marks a crash:
 * each run's recoveries go up by one, and a run found {@code crashLoopLimit} times in a row with no
 * new completed entry is quarantined ({@link RunTransition#QUARANTINE}; 0 turns this off). A
 * graceful release is not counted.
 */
public record Recovery(
    Map<String, RunFailure> failures,
    long nowMillis,
    String owner,
    boolean counted,
    int crashLoopLimit) {

  /** Boot recovery of every run of the namespace, as on a store one process executes. */
  public static Recovery atBoot(Map<String, RunFailure> failures, long nowMillis) {
    return new Recovery(failures, nowMillis, null, true, 0);
  }

  /** A graceful release of an owner's runs, not counted as a crash. */
  public static Recovery release(String owner, long nowMillis) {
    return new Recovery(Map.of(), nowMillis, owner, false, 0);
  }
}
