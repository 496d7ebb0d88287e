package dev.reprise.bench;

import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;

/**
 * The resolved sizes and settings of the {@code waiting} suite.
 *
 * @param dir where the fresh database files are made (on the real disk)
 * @param synchronous SQLite's {@code synchronous}
 * @param warmups repetitions run first and left out of the figures (parking at the small size, and
 *     timers)
 * @param repetitions measured repetitions of each measurement
 * @param waitingRuns runs parked at once in the large parking measurement; the small one parks a
 *     tenth
 * @param timers the sizes of the timer-lateness measurement
 * @param keepFiles leave the database files in {@code dir}
 */
record WaitingSettings(
    Path dir,
    SqliteSynchronous synchronous,
    int warmups,
    int repetitions,
    int waitingRuns,
    TimerLateness.Timers timers,
    boolean keepFiles) {

  WaitingSettings {
    if (warmups < 0) {
      throw new IllegalArgumentException("--warmups must be zero or more");
    }
    if (repetitions < 1) {
      throw new IllegalArgumentException("--repetitions must be at least 1");
    }
    if (waitingRuns < 20 || waitingRuns > 1_000_000) {
      throw new IllegalArgumentException("--waiting-runs must be between 20 and 1000000");
    }
  }

  /** The small parking size, to compare the large one with. */
  int fewerRuns() {
    return waitingRuns / 10;
  }
}
