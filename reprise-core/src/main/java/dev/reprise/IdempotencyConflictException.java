package dev.reprise;

/**
 * A submit named an idempotency key or a run id that an existing run already has, with another
 * workflow or another input. The same key with the same workflow and input is not a conflict: it
 * returns the existing run. {@link #runId()} is the existing run, or null when it belongs to
 * another namespace or env (it is not named).
 */
public final class IdempotencyConflictException extends RunException {
  private final String key;

  public IdempotencyConflictException(String existingRunId, String key, String difference) {
    super(
        existingRunId,
        (existingRunId == null ? "another run" : "run " + existingRunId)
            + " already has "
            + key
            + " with "
            + difference
            + "; use another key, or submit the same workflow and input to get that run",
        null);
    this.key = key;
  }

  /** The key or id that is taken, as {@code idempotency key 'k'} or {@code run id 'r'}. */
  public String key() {
    return key;
  }
}
