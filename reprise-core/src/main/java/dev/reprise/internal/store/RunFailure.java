package dev.reprise.internal.store;

/**
 * Why recovery fails a run instead of resuming it: an error type and a reason. Also the owner of
 * the error types Reprise gives a run it fails or ends itself (as stored in {@code
 * runs.error_type}, and listed in the guide's "Statuses and failure types").
 */
public record RunFailure(String type, String reason) {
  public static final String QUARANTINED = "quarantined";
  public static final String RECOVERY_POLICY = "recovery_policy";
  public static final String TOO_MANY_RECOVERIES = "too_many_recoveries";

  /**
   * The error type of a run cancelled by an operator, by its parent or by its deadline; a run taken
   * back while it unwound with this type still ends {@code cancelled}.
   */
  public static final String CANCELLED = "cancelled";

  /** {@link #CANCELLED} as an SQL literal. */
  public static final String CANCELLED_SQL = "'" + CANCELLED + "'";

  public static RunFailure quarantined(String reason) {
    return new RunFailure(QUARANTINED, reason);
  }

  /** Whether {@code errorType} says the run was cancelled (a null type says not). */
  public static boolean isCancel(String errorType) {
    return CANCELLED.equals(errorType);
  }
}
