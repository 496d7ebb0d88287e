package dev.reprise.bench;

import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The resolved sizes and settings of the step suites ({@code embedded}, {@code postgres}).
 *
 * @param dir where the fresh database files are made (on the real disk)
 * @param synchronous SQLite's {@code synchronous} settings to run, each for the reference and for
 *     Reprise alike
 * @param duration the time each workload is given in each repetition
 * @param slice the time a workload runs before the next one takes its turn
 * @param warmups repetitions run first and left out of the figures
 * @param repetitions measured repetitions
 * @param concurrency the numbers of runs in flight at once, one workload each
 * @param stepsPerRun no-op steps in each run of the concurrent workloads
 * @param longRunSteps no-op steps in each run of the long-run workload
 * @param batchRows rows per transaction of the batched reference
 * @param keepFiles leave the database files in {@code dir} after each repetition
 */
record Settings(
    Path dir,
    List<SqliteSynchronous> synchronous,
    Duration duration,
    Duration slice,
    int warmups,
    int repetitions,
    List<Integer> concurrency,
    int stepsPerRun,
    int longRunSteps,
    int batchRows,
    boolean keepFiles) {

  Settings {
    require(!synchronous.isEmpty(), "--synchronous needs at least one setting");
    require(!duration.isNegative() && !duration.isZero(), "--seconds must be positive");
    require(!slice.isNegative() && !slice.isZero(), "--slice-millis must be positive");
    require(warmups >= 0, "--warmups must be zero or more");
    require(repetitions >= 1, "--repetitions must be at least 1");
    require(
        !concurrency.isEmpty() && concurrency.stream().allMatch(c -> c >= 1 && c <= 100_000),
        "--concurrency must list numbers between 1 and 100000");
    require(stepsPerRun >= 1, "--steps-per-run must be at least 1");
    require(longRunSteps >= 1, "--long-run-steps must be at least 1");
    require(batchRows >= 2, "--batch-rows must be at least 2");
    synchronous = List.copyOf(synchronous);
    concurrency = List.copyOf(concurrency);
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
