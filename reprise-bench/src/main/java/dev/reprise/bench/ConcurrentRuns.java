package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Rounds of {@code runs} concurrent runs of {@code stepsPerRun} no-op steps: each run is submitted
 * and awaited by its own virtual thread (as concurrent requests of a service would), and a round
 * ends when every result is in. The rate counts every step of every round over the whole time, the
 * tails of the rounds included. Each step's latency is recorded.
 */
final class ConcurrentRuns implements Workload {
  private final EngineFactory engines;
  private final int runs;

  int runs() {
    return runs;
  }

  private final int stepsPerRun;

  ConcurrentRuns(EngineFactory engines, int runs, int stepsPerRun) {
    this.engines = engines;
    this.runs = runs;
    this.stepsPerRun = stepsPerRun;
  }

  @Override
  public String name() {
    return "concurrent-" + runs + "-runs-of-" + stepsPerRun;
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
    Reprise reprise = engines.start(database, runs, workflow);
    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    return new Session() {
      @Override
      public long work(long sliceNanos) throws InterruptedException, ExecutionException {
        long end = System.nanoTime() + sliceNanos;
        long steps = 0;
        do {
          steps += round(reprise, workflow, callers);
        } while (System.nanoTime() < end);
        return steps;
      }

      @Override
      public Latencies latencies() {
        return latencies;
      }

      @Override
      public void close() {
        try {
          callers.close();
        } finally {
          reprise.close();
        }
      }
    };
  }

  private long round(Reprise reprise, NoOpSteps workflow, ExecutorService callers)
      throws InterruptedException, ExecutionException {
    List<Future<Integer>> results = new ArrayList<>(runs);
    for (int i = 0; i < runs; i++) {
      results.add(
          callers.submit(
              () ->
                  reprise
                      .submit(workflow, stepsPerRun, RunOptions.DEFAULT)
                      .result(Engines.RESULT_TIMEOUT)));
    }
    long steps = 0;
    for (Future<Integer> result : results) {
      steps += result.get();
    }
    return steps;
  }
}
