package dev.reprise;

/** No run has that id. */
public final class RunNotFoundException extends RunException {
  public RunNotFoundException(String runId) {
    super(runId, "no run with id '" + Ids.printable(runId) + "'", null);
  }
}
