package dev.reprise;

/**
 * What boot recovery did.
 *
 * @param stepsReset interrupted {@code executing} steps put back to {@code pending}
 * @param runsRestarted runs put back to {@code pending} to be replayed
 * @param runsFailed runs failed because an interrupted step was at-most-once, or had used all its
 *     attempts
 * @param runsQuarantined runs whose rows could not be read (corrupt JSON, unknown workflow); each
 *     is failed with a reason and never blocks the others
 */
public record RecoveryReport(
    int stepsReset, int runsRestarted, int runsFailed, int runsQuarantined) {
  public static final RecoveryReport NONE = new RecoveryReport(0, 0, 0, 0);
}
