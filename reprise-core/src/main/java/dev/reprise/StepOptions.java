package dev.reprise;

/**
 * Options of one step.
 *
 * @param retry how failures are retried
 * @param atMostOnce the body must never run twice: its {@code executing} entry is made durable
 *     before the body runs, it is never retried, and if a crash interrupts it the run fails with a
 *     reason that names the step
 * @param compensationRetry how the step's compensation, if it has one, is retried
 */
public record StepOptions(RetryPolicy retry, boolean atMostOnce, RetryPolicy compensationRetry) {

  public static final StepOptions DEFAULT =
      new StepOptions(RetryPolicy.DEFAULT, false, RetryPolicy.DEFAULT);

  public StepOptions {
    if (retry == null) {
      throw new InvalidConfigurationException("retry", "must not be null");
    }
    if (compensationRetry == null) {
      throw new InvalidConfigurationException("compensationRetry", "must not be null");
    }
    if (atMostOnce && retry.maxAttempts() != 1) {
      retry = retry.withMaxAttempts(1);
    }
  }

  public static StepOptions defaults() {
    return DEFAULT;
  }

  /** A step whose body must not run twice; see {@link #atMostOnce()}. */
  public static StepOptions once() {
    return new StepOptions(RetryPolicy.NONE, true, RetryPolicy.DEFAULT);
  }

  public static StepOptions retry(RetryPolicy retry) {
    return new StepOptions(retry, false, RetryPolicy.DEFAULT);
  }

  public StepOptions withRetry(RetryPolicy retry) {
    return new StepOptions(retry, atMostOnce, compensationRetry);
  }

  public StepOptions withAtMostOnce(boolean atMostOnce) {
    return new StepOptions(retry, atMostOnce, compensationRetry);
  }

  public StepOptions withCompensationRetry(RetryPolicy compensationRetry) {
    return new StepOptions(retry, atMostOnce, compensationRetry);
  }
}
