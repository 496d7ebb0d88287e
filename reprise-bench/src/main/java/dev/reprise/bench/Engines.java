package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;

/** Reprise as the benchmarks run it: the defaults, on a fresh file, with the no-op workflow. */
final class Engines {
  static final NoOpSteps WORKFLOW = new NoOpSteps();
  static final Duration RESULT_TIMEOUT = Duration.ofMinutes(2);

  private Engines() {}

  /** A started Reprise on {@code database} that can run {@code concurrentRuns} runs at once. */
  static Reprise start(Path database, SqliteSynchronous synchronous, int concurrentRuns) {
    Reprise reprise =
        Reprise.builder()
            .sqlite(database)
            .synchronous(synchronous)
            .concurrency(Math.max(256, concurrentRuns))
            .workflow(WORKFLOW)
            .build();
    try {
      reprise.start();
      return reprise;
    } catch (RuntimeException e) {
      reprise.close();
      throw e;
    }
  }
}
