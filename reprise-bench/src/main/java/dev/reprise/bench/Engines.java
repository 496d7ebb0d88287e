package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.SqliteSynchronous;
import dev.reprise.Workflow;
import java.nio.file.Path;
import java.time.Duration;

/** Reprise as the benchmarks run it: the defaults, on a fresh file, with the suite's workflows. */
final class Engines {
  static final NoOpSteps WORKFLOW = new NoOpSteps();
  static final Duration RESULT_TIMEOUT = Duration.ofMinutes(2);

  private Engines() {}

  /** A started Reprise on {@code database} that can run {@code concurrentRuns} runs at once. */
  static Reprise start(Path database, SqliteSynchronous synchronous, int concurrentRuns) {
    return start(database, synchronous, concurrentRuns, WORKFLOW);
  }

  /** The same with these workflows registered instead of the no-op one. */
  static Reprise start(
      Path database,
      SqliteSynchronous synchronous,
      int concurrentRuns,
      Workflow<?, ?>... workflows) {
    Reprise.Builder builder =
        Reprise.builder()
            .sqlite(database)
            .synchronous(synchronous)
            .concurrency(Math.max(256, concurrentRuns));
    for (Workflow<?, ?> w : workflows) {
      builder.workflow(w);
    }
    Reprise reprise = builder.build();
    try {
      reprise.start();
      return reprise;
    } catch (RuntimeException e) {
      reprise.close();
      throw e;
    }
  }
}
