package dev.reprise;

/** No workflow of that name is registered here. {@link #runId()} is null when no run exists yet. */
public final class UnknownWorkflowException extends RepriseException {
  private final String runId;
  private final String workflow;

  public UnknownWorkflowException(String runId, String workflow) {
    super("unknown workflow '" + workflow + "'" + (runId == null ? "" : " (run " + runId + ")"));
    this.runId = runId;
    this.workflow = workflow;
  }

  public String runId() {
    return runId;
  }

  public String workflow() {
    return workflow;
  }
}
