package dev.reprise;

import java.time.Duration;

/**
 * How long the ended runs of one workflow are kept, by how they ended, counted from when they
 * ended; null keeps them for ever. Stored in the database ({@link RepriseClient#retention}), so
 * every node and client of it agrees; every running engine applies it about once an hour ({@link
 * RepriseClient#applyRetention} now), deleting each run with its journal, tags, published values,
 * signals and audit, as {@code vacuum} does. A run that has not ended, and a {@code
 * failed_compensation} run (it waits for an operator), is never deleted.
 *
 * <pre>{@code
 * client.retention("payment", RetentionPolicy.keep().completed(Duration.ofDays(7))
 *     .failed(Duration.ofDays(30)));
 * }</pre>
 *
 * @param completed how long {@code completed} runs are kept, or null for ever
 * @param failed how long {@code failed} runs are kept, or null for ever
 * @param cancelled how long {@code cancelled} runs are kept, or null for ever
 */
public record RetentionPolicy(Duration completed, Duration failed, Duration cancelled) {
  /** The longest keep: 100 years. */
  public static final Duration MAX = Duration.ofDays(36_500);

  /** The shortest keep: one second (keeps are stored in milliseconds, and shown in seconds). */
  public static final Duration MIN = Duration.ofSeconds(1);

  public RetentionPolicy {
    check("completed", completed);
    check("failed", failed);
    check("cancelled", cancelled);
  }

  private static void check(String field, Duration d) {
    if (d != null && (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0)) {
      throw new InvalidConfigurationException(
          field, "must be at least 1 second and at most 36500 days, was " + d);
    }
  }

  /**
   * Keeps every run for ever; narrow it with {@link #completed(Duration)}, {@link
   * #failed(Duration)} and {@link #cancelled(Duration)}.
   */
  public static RetentionPolicy keep() {
    return new RetentionPolicy(null, null, null);
  }

  public RetentionPolicy completed(Duration keep) {
    return new RetentionPolicy(keep, failed, cancelled);
  }

  public RetentionPolicy failed(Duration keep) {
    return new RetentionPolicy(completed, keep, cancelled);
  }

  public RetentionPolicy cancelled(Duration keep) {
    return new RetentionPolicy(completed, failed, keep);
  }

  /** Whether it keeps every run for ever. */
  public boolean keepsAll() {
    return completed == null && failed == null && cancelled == null;
  }
}
