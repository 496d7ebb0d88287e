package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunOptions;
import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;

/**
 * One caller, one run at a time: submit a run of {@code stepsPerRun} no-op steps, wait for its
 * result, submit the next. With short runs each run's own costs (its submit and its end) weigh on
 * every step, so this is what a sequential user of the library sees; with long runs ({@code
 * sequential-long-runs}) they fade and what is left is the step path itself.
 */
final class SequentialRuns implements Workload {
  private final String name;
  private final SqliteSynchronous synchronous;
  private final int stepsPerRun;

  private SequentialRuns(String name, SqliteSynchronous synchronous, int stepsPerRun) {
    this.name = name;
    this.synchronous = synchronous;
    this.stepsPerRun = stepsPerRun;
  }

  /** Short runs, as most workflows are. */
  static SequentialRuns shortRuns(SqliteSynchronous synchronous, int stepsPerRun) {
    return new SequentialRuns("sequential-runs-of-" + stepsPerRun, synchronous, stepsPerRun);
  }

  /** Long runs, to see the per-step cost alone. */
  static SequentialRuns longRuns(SqliteSynchronous synchronous, int stepsPerRun) {
    return new SequentialRuns("sequential-long-runs-of-" + stepsPerRun, synchronous, stepsPerRun);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String system() {
    return "reprise";
  }

  @Override
  public String unit() {
    return "steps/s";
  }

  @Override
  public Session open(Path database) {
    Reprise reprise = Engines.start(database, synchronous, 1);
    return new Session() {
      @Override
      public long work(long sliceNanos) {
        long end = System.nanoTime() + sliceNanos;
        long steps = 0;
        do {
          steps +=
              reprise
                  .submit(Engines.WORKFLOW, stepsPerRun, RunOptions.DEFAULT)
                  .result(Engines.RESULT_TIMEOUT);
        } while (System.nanoTime() < end);
        return steps;
      }

      @Override
      public void close() {
        reprise.close();
      }
    };
  }
}
