package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunOptions;
import java.nio.file.Path;

/**
 * One caller, one run at a time: submit a run of {@code stepsPerRun} no-op steps, wait for its
 * result, submit the next. With long runs the per-run costs (the submit and the end) fade and what
 * is left is the step path itself; the short-run case is {@link ConcurrentRuns} at concurrency 1.
 */
final class SequentialRuns implements Workload {
  private final EngineFactory engines;
  private final int stepsPerRun;

  SequentialRuns(EngineFactory engines, int stepsPerRun) {
    this.engines = engines;
    this.stepsPerRun = stepsPerRun;
  }

  @Override
  public String name() {
    return "sequential-long-runs-of-" + stepsPerRun;
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
  public Session open(Path database) throws Exception {
    Latencies latencies = new Latencies(4_000_000);
    NoOpSteps workflow = new NoOpSteps(latencies);
    Reprise reprise = engines.start(database, 1, workflow);
    return new Session() {
      @Override
      public long work(long sliceNanos) {
        long end = System.nanoTime() + sliceNanos;
        long steps = 0;
        do {
          steps +=
              reprise
                  .submit(workflow, stepsPerRun, RunOptions.DEFAULT)
                  .result(Engines.RESULT_TIMEOUT);
        } while (System.nanoTime() < end);
        return steps;
      }

      @Override
      public Latencies latencies() {
        return latencies;
      }

      @Override
      public void close() {
        reprise.close();
      }
    };
  }
}
