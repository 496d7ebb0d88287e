package dev.reprise;

import java.time.Duration;

/**
 * Options of a submitted run.
 *
 * @param runId the run's id, or null to generate one; submitting an id that exists returns that run
 * @param idempotencyKey a key unique per namespace, or null; submitting a key that exists returns
 *     the run that has it
 * @param timeout the run's deadline, counted from submit, or null for none; see {@link
 *     #withTimeout}
 */
public record RunOptions(String runId, String idempotencyKey, Duration timeout) {

  public static final RunOptions DEFAULT = new RunOptions(null, null, null);

  public RunOptions {
    if (timeout != null
        && (timeout.isNegative() || timeout.isZero() || timeout.toDays() > 36_500)) {
      throw new InvalidConfigurationException(
          "timeout", "must be positive and at most 36500 days, was " + timeout);
    }
    if (runId != null && (runId.isBlank() || runId.length() > 200)) {
      throw new InvalidConfigurationException("runId", "must be 1 to 200 non-blank characters");
    }
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 500)) {
      throw new InvalidConfigurationException(
          "idempotencyKey", "must be 1 to 500 non-blank characters");
    }
  }

  public static RunOptions defaults() {
    return DEFAULT;
  }

  public static RunOptions idempotencyKey(String key) {
    return new RunOptions(null, key, null);
  }

  public static RunOptions runId(String runId) {
    return new RunOptions(runId, null, null);
  }

  public RunOptions withRunId(String runId) {
    return new RunOptions(runId, idempotencyKey, timeout);
  }

  public RunOptions withIdempotencyKey(String key) {
    return new RunOptions(runId, key, timeout);
  }

  /**
   * A deadline: once {@code timeout} has passed since submit, the run is cancelled at its next step
   * boundary (a waiting run is woken for it) and unwinds, with a reason saying so.
   */
  public RunOptions withTimeout(Duration timeout) {
    return new RunOptions(runId, idempotencyKey, timeout);
  }
}
