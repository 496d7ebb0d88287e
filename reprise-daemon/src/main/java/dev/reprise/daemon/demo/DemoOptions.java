package dev.reprise.daemon.demo;

import java.time.Duration;

/**
 * What {@code reprise demo} was asked to do.
 *
 * @param runs payment runs to submit
 * @param crashes how many times the worker is killed
 * @param concurrency the worker's most runs executing at once
 * @param seed the seed of the kill moments and the payment amounts
 * @param timeout the longest wait for any one phase (a worker starting, progress before a kill, the
 *     runs ending)
 * @param keep whether to keep the temporary directory
 */
record DemoOptions(
    int runs, int crashes, int concurrency, long seed, Duration timeout, boolean keep) {

  /** The step attempts each run gets: a step may be interrupted by every crash and still finish. */
  int stepAttempts() {
    return crashes + 3;
  }
}
