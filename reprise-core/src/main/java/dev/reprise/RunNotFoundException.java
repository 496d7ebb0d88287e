package dev.reprise;

/** No run has that id. */
public final class RunNotFoundException extends RepriseException {
  private final String runId;

  public RunNotFoundException(String runId) {
    super("no run with id '" + Ids.printable(runId) + "'");
    this.runId = runId;
  }

  public String runId() {
    return runId;
  }
}
