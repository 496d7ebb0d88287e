package dev.reprise.internal.store;

import dev.reprise.RunException;

/**
 * A write of an executor that no longer holds its run: another node claimed it (its lease expired)
 * or an operator took it, bumping the epoch. The write changed nothing.
 */
public final class LeaseLostException extends RunException {
  public LeaseLostException(String runId, long epoch) {
    super(runId, "run " + runId + " is no longer held under epoch " + epoch, null);
  }
}
