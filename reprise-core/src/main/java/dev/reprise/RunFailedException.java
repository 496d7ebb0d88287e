package dev.reprise;

/** The run ended in a failure; thrown by {@link RunHandle#result}. */
public final class RunFailedException extends RepriseException {
  private final String runId;
  private final RunStatus status;
  private final String errorType;
  private final String errorMessage;

  public RunFailedException(String runId, RunStatus status, String errorType, String errorMessage) {
    super("run " + runId + " ended " + status.label() + ": " + errorType + ": " + errorMessage);
    this.runId = runId;
    this.status = status;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
  }

  public String runId() {
    return runId;
  }

  public RunStatus status() {
    return status;
  }

  /**
   * The failure's type: an exception class name, or a Reprise reason such as {@code quarantined}.
   */
  public String errorType() {
    return errorType;
  }

  public String errorMessage() {
    return errorMessage;
  }
}
