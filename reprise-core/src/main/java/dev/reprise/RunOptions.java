package dev.reprise;

/**
 * Options of a submitted run.
 *
 * @param runId the run's id, or null to generate one; submitting an id that exists returns that run
 * @param idempotencyKey a key unique per namespace, or null; submitting a key that exists returns
 *     the run that has it
 */
public record RunOptions(String runId, String idempotencyKey) {

  public static final RunOptions DEFAULT = new RunOptions(null, null);

  public RunOptions {
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
    return new RunOptions(null, key);
  }

  public static RunOptions runId(String runId) {
    return new RunOptions(runId, null);
  }

  public RunOptions withRunId(String runId) {
    return new RunOptions(runId, idempotencyKey);
  }

  public RunOptions withIdempotencyKey(String key) {
    return new RunOptions(runId, key);
  }
}
