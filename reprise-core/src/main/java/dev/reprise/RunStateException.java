package dev.reprise;

/** An operator action that the run's current status does not allow. */
public final class RunStateException extends RunException {
  private final RunStatus status;

  public RunStateException(String runId, RunStatus status, String action, String allowed) {
    super(
        runId,
        "cannot " + action + " run " + runId + ": it is " + status.label() + "; " + allowed,
        null);
    this.status = status;
  }

  public RunStatus status() {
    return status;
  }
}
