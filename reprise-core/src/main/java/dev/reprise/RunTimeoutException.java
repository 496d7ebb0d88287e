package dev.reprise;

import java.time.Duration;

/**
 * A wait for a run's result ran out of time: the run has not ended (it may still). {@link
 * #status()} is its status when the wait gave up.
 */
public final class RunTimeoutException extends RunException {
  private final Duration timeout;
  private final RunStatus status;

  public RunTimeoutException(String runId, Duration timeout, RunStatus status) {
    super(
        runId,
        "run " + runId + " did not end within " + timeout + " (status " + status.label() + ")",
        null);
    this.timeout = timeout;
    this.status = status;
  }

  public Duration timeout() {
    return timeout;
  }

  public RunStatus status() {
    return status;
  }
}
