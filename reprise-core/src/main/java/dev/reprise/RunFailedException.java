package dev.reprise;

/** The run ended in a failure; thrown by {@link RunHandle#result}. */
public final class RunFailedException extends RunException {
  private final RunStatus status;
  private final String errorType;
  private final String errorMessage;

  public RunFailedException(String runId, RunStatus status, String errorType, String errorMessage) {
    super(
        runId,
        "run " + runId + " ended " + status.label() + ": " + errorType + ": " + errorMessage,
        null);
    this.status = status;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
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
