package dev.reprise;

/** A run's recorded output cannot be read as the type the caller asked for. */
public final class InvalidOutputException extends RunException {
  public InvalidOutputException(String runId, String problem, Throwable cause) {
    super(runId, "run " + runId + ": the output cannot be read: " + problem, cause);
  }
}
