package dev.reprise.internal.store;

/** Why recovery fails a run instead of resuming it: an error type and a reason. */
public record RunFailure(String type, String reason) {
  public static final String QUARANTINED = "quarantined";
  public static final String RECOVERY_POLICY = "recovery_policy";
  public static final String TOO_MANY_RECOVERIES = "too_many_recoveries";

  public static RunFailure quarantined(String reason) {
    return new RunFailure(QUARANTINED, reason);
  }
}
