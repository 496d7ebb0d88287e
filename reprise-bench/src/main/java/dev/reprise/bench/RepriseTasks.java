package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunOptions;
import dev.reprise.RunStatus;
import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;

/** Reprise in the {@code peers} suite, as a user would set it up: the builder and its defaults. */
final class RepriseTasks implements TaskSystem {
  private static final PeerWorkflows.SingleStep SINGLE = new PeerWorkflows.SingleStep();
  private static final PeerWorkflows.ThreeSteps THREE = new PeerWorkflows.ThreeSteps();

  private final Reprise reprise;
  private final RunCounts counts;
  private final int threads;

  private RepriseTasks(Reprise reprise, RunCounts counts, int threads) {
    this.reprise = reprise;
    this.counts = counts;
    this.threads = threads;
  }

  /** On a fresh SQLite file, WAL, with {@code synchronous}; {@code threads} runs at once. */
  static RepriseTasks sqlite(Path file, SqliteSynchronous synchronous, int threads)
      throws Exception {
    Reprise reprise =
        Reprise.builder()
            .sqlite(file)
            .synchronous(synchronous)
            .concurrency(threads)
            .workflow(SINGLE)
            .workflow(THREE)
            .build();
    try {
      reprise.start();
      return new RepriseTasks(reprise, new RunCounts(file), threads);
    } catch (Exception | Error e) {
      reprise.close();
      throw e;
    }
  }

  @Override
  public void submit(int i) {
    reprise.submit(SINGLE, i, RunOptions.DEFAULT);
  }

  @Override
  public void runWorkflow(int i) {
    reprise.submit(THREE, i, RunOptions.DEFAULT).result(Duration.ofMinutes(5));
  }

  @Override
  public long finished() throws Exception {
    return counts.count(RunStatus.COMPLETED);
  }

  @Override
  public String settings() {
    return "Reprise.builder() defaults, concurrency(" + threads + ") (virtual threads)";
  }

  @Override
  public void close() throws java.sql.SQLException {
    try {
      counts.close();
    } finally {
      reprise.close();
    }
  }
}
