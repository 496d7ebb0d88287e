package dev.reprise;

/** An operator action that the run's current status does not allow. */
public final class RunStateException extends RepriseException {
  private final String runId;
  private final RunStatus status;

  public RunStateException(String runId, RunStatus status, String action, String allowed) {
    super("cannot " + action + " run " + runId + ": it is " + status.label() + "; " + allowed);
    this.runId = runId;
    this.status = status;
  }

  public String runId() {
    return runId;
  }

  public RunStatus status() {
    return status;
  }
}
