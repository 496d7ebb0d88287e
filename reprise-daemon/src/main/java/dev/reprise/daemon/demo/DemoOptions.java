package dev.reprise.daemon.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code reprise demo} was asked to do.
 *
 * @param runs runs to submit: payments and order sagas
 * @param crashes how many times the worker is killed
 * @param concurrency the worker's most runs executing at once
 * @param seed the seed of the kill moments, the amounts and which runs are sagas
 * @param timeout the longest wait for any one phase (a worker starting, progress before a kill, the
 *     runs ending)
 * @param keep whether to keep the temporary directory
 * @param sagaFailures the share of the runs, 0.0 to 1.0, that are order sagas whose shipment is
 *     refused, so that they fail and compensate
 * @param dataDir where to keep the databases, or null for a temporary directory
 */
record DemoOptions(
    int runs,
    int crashes,
    int concurrency,
    long seed,
    Duration timeout,
    boolean keep,
    double sagaFailures,
    Path dataDir) {

  /** The step attempts each run gets: a step may be interrupted by every crash and still finish. */
  int stepAttempts() {
    return crashes + 3;
  }

  /** How many of the runs are failing sagas. */
  int sagas() {
    return (int) Math.round(runs * sagaFailures);
  }

  int payments() {
    return runs - sagas();
  }
}
