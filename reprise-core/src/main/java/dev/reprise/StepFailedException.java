package dev.reprise;

/**
 * A step failed for good (retries exhausted, or not retryable). The workflow sees this from {@code
 * ctx.step(...)} both when the step fails and when the failure is replayed from the journal, so a
 * workflow that catches it behaves the same after a restart. The original exception is the cause
 * when the step failed in this process; the recorded type and message are always present.
 */
public final class StepFailedException extends RunException {
  private final int seq;
  private final String step;
  private final String errorType;
  private final String errorMessage;

  public StepFailedException(
      String runId, int seq, String step, String errorType, String errorMessage, Throwable cause) {
    super(
        runId,
        "step '"
            + step
            + "' (seq "
            + seq
            + ") of run "
            + runId
            + " failed: "
            + errorType
            + ": "
            + errorMessage,
        cause);
    this.seq = seq;
    this.step = step;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
  }

  public int seq() {
    return seq;
  }

  public String step() {
    return step;
  }

  public String errorType() {
    return errorType;
  }

  public String errorMessage() {
    return errorMessage;
  }
}
