package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.SqliteSynchronous;
import dev.reprise.Workflow;
import java.nio.file.Path;
import java.time.Duration;

/** Reprise as the benchmarks run it: the defaults, on a fresh file, with the suite's workflows. */
final class Engines {
  static final Duration RESULT_TIMEOUT = Duration.ofMinutes(2);

  private Engines() {}

  /**
   * A started Reprise on the SQLite file {@code database} that can run {@code concurrentRuns} runs
   * at once (at least the default, 256), with these workflows.
   */
  static Reprise start(
      Path database,
      SqliteSynchronous synchronous,
      int concurrentRuns,
      Workflow<?, ?>... workflows) {
    return start(
        Reprise.builder().sqlite(database).synchronous(synchronous),
        Math.max(256, concurrentRuns),
        workflows);
  }

  /** A started Reprise from {@code builder} (its store chosen), running this many runs at once. */
  static Reprise start(Reprise.Builder builder, int concurrency, Workflow<?, ?>... workflows) {
    builder.concurrency(concurrency);
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
