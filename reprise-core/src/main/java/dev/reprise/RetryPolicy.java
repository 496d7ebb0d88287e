package dev.reprise;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * How a failing step is retried. Attempts are counted across restarts: a step whose body keeps
 * crashing the process stops after {@code maxAttempts} like one that keeps throwing.
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff wait before the second attempt
 * @param multiplier growth of the wait per attempt, at least 1.0
 * @param maxBackoff the longest wait between two attempts
 * @param nonRetryable exception types (and their subtypes) that fail the step at once
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    Set<Class<? extends Throwable>> nonRetryable) {

  /** Three attempts, 100 ms then 200 ms apart, at most 10 s apart. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), Set.of());

  /** A single attempt. */
  public static final RetryPolicy NONE = DEFAULT.withMaxAttempts(1);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new InvalidConfigurationException(
          "maxAttempts", "must be at least 1, was " + maxAttempts);
    }
    requireNonNegative("initialBackoff", initialBackoff);
    requireNonNegative("maxBackoff", maxBackoff);
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new InvalidConfigurationException(
          "multiplier", "must be a finite number >= 1.0, was " + multiplier);
    }
    if (nonRetryable == null) {
      throw new InvalidConfigurationException("nonRetryable", "must not be null");
    }
    nonRetryable = Set.copyOf(nonRetryable);
  }

  private static void requireNonNegative(String field, Duration d) {
    if (d == null || d.isNegative()) {
      throw new InvalidConfigurationException(field, "must be zero or positive, was " + d);
    }
  }

  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, nonRetryable);
  }

  public RetryPolicy withBackoff(Duration initial, double multiplier, Duration max) {
    return new RetryPolicy(maxAttempts, initial, multiplier, max, nonRetryable);
  }

  @SafeVarargs
  public final RetryPolicy withNonRetryable(Class<? extends Throwable>... types) {
    Set<Class<? extends Throwable>> set = new HashSet<>();
    for (Class<? extends Throwable> type : types) {
      set.add(type);
    }
    return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, set);
  }

  /** Whether this failure may be retried (ignoring the attempt count). */
  public boolean isRetryable(Throwable failure) {
    for (Class<? extends Throwable> type : nonRetryable) {
      if (type.isInstance(failure)) {
        return false;
      }
    }
    return true;
  }

  /** The wait after attempt number {@code attempt} (1-based) failed. */
  public Duration backoffAfter(int attempt) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    long capped = (long) Math.min(millis, (double) maxBackoff.toMillis());
    return Duration.ofMillis(capped);
  }
}
