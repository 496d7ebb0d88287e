package dev.reprise;

/** A run's input does not fit the workflow's declared input type. */
public final class InvalidInputException extends RepriseException {
  private final String runId;
  private final String workflow;

  public InvalidInputException(String runId, String workflow, String problem, Throwable cause) {
    super(
        "invalid input for workflow '"
            + workflow
            + "'"
            + (runId == null ? "" : " (run " + runId + ")")
            + ": "
            + problem,
        cause);
    this.runId = runId;
    this.workflow = workflow;
  }

  /** The run concerned, or null when the input was refused before a run was created. */
  public String runId() {
    return runId;
  }

  public String workflow() {
    return workflow;
  }
}
