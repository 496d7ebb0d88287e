package dev.reprise;

/** A failure that concerns one run; {@link #runId()} names it. */
public abstract class RunException extends RepriseException {
  private final String runId;

  protected RunException(String runId, String message, Throwable cause) {
    super(message, cause);
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }
}
