package dev.reprise.internal.store;

import java.util.Map;

/**
 * Recovery's decisions, applied in one transaction to the runs left {@code running} or {@code
 * compensating} by {@code owner} (every owner when null): the runs to fail (id to why); every other
 * run gets its {@code executing} steps reset to {@code pending} and goes back to {@code pending},
 * except that a run interrupted inside an at-most-once step unwinds. {@code counted} adds one to
 * each run's recoveries (a crash); a graceful release does not.
 */
public record Recovery(
    Map<String, RunFailure> failures, long nowMillis, String owner, boolean counted) {

  /** Boot recovery of every run of the namespace, as on a store one process executes. */
  public static Recovery atBoot(Map<String, RunFailure> failures, long nowMillis) {
    return new Recovery(failures, nowMillis, null, true);
  }
}
