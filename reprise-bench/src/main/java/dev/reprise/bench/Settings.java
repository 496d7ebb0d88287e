package dev.reprise.bench;

import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The resolved sizes and settings of one benchmark process.
 *
 * @param dir where the fresh database files are made (on the real disk)
 * @param synchronous SQLite's {@code synchronous}, the same for the reference and for Reprise
 * @param duration the time each workload is given in each repetition
 * @param slice the time a workload runs before the next one takes its turn
 * @param warmups repetitions run first and left out of the figures
 * @param repetitions measured repetitions
 * @param concurrentRuns runs in flight at once in the concurrent workload
 * @param stepsPerRun no-op steps in each run of the sequential and concurrent workloads
 * @param longRunSteps no-op steps in each run of the long-run workload
 * @param keepFiles leave the database files in {@code dir} after each repetition
 */
record Settings(
    Path dir,
    SqliteSynchronous synchronous,
    Duration duration,
    Duration slice,
    int warmups,
    int repetitions,
    int concurrentRuns,
    int stepsPerRun,
    int longRunSteps,
    boolean keepFiles) {

  Settings {
    require(!duration.isNegative() && !duration.isZero(), "--seconds must be positive");
    require(!slice.isNegative() && !slice.isZero(), "--slice-millis must be positive");
    require(warmups >= 0, "--warmups must be zero or more");
    require(repetitions >= 1, "--repetitions must be at least 1");
    require(
        concurrentRuns >= 1 && concurrentRuns <= 100_000,
        "--concurrent-runs must be between 1 and 100000");
    require(stepsPerRun >= 1, "--steps-per-run must be at least 1");
    require(longRunSteps >= 1, "--long-run-steps must be at least 1");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
