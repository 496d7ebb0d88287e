package dev.reprise.internal.store;

import dev.reprise.RepriseException;

/**
 * A write of an executor that no longer holds its run: another node claimed it (its lease expired)
 * or an operator took it, bumping the epoch. The write changed nothing.
 */
public final class LeaseLostException extends RepriseException {
  private final String runId;

  public LeaseLostException(String runId, long epoch) {
    super("run " + runId + " is no longer held under epoch " + epoch);
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }
}
