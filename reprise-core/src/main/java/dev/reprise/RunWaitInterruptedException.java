package dev.reprise;

/** The thread waiting for a run's result was interrupted; its interrupt flag is set again. */
public final class RunWaitInterruptedException extends RunException {
  public RunWaitInterruptedException(String runId, InterruptedException cause) {
    super(runId, "interrupted while waiting for run " + runId, cause);
  }
}
