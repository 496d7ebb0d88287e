package dev.reprise.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.reprise.Reprise;
import dev.reprise.RunOptions;
import dev.reprise.RunStatus;
import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;

/** Reprise in the {@code peers} suite, as a user would set it up: the builder and its defaults. */
final class RepriseTasks implements TaskSystem.Enqueuing, TaskSystem.Workflows {
  private static final PeerWorkflows.SingleStep SINGLE = new PeerWorkflows.SingleStep();
  private static final PeerWorkflows.ThreeSteps THREE = new PeerWorkflows.ThreeSteps();

  private final Reprise reprise;
  private final RunCounts counts;
  private final int threads;
  private final HikariDataSource pool;

  private RepriseTasks(Reprise reprise, RunCounts counts, int threads, HikariDataSource pool) {
    this.reprise = reprise;
    this.counts = counts;
    this.threads = threads;
    this.pool = pool;
  }

  /** On a fresh SQLite file, WAL, with {@code synchronous}; {@code threads} runs at once. */
  static RepriseTasks sqlite(Path file, SqliteSynchronous synchronous, int threads)
      throws Exception {
    Reprise reprise =
        start(Reprise.builder().sqlite(file).synchronous(synchronous).concurrency(threads));
    try {
      return new RepriseTasks(reprise, new RunCounts(file), threads, null);
    } catch (Exception | Error e) {
      reprise.close();
      throw e;
    }
  }

  /**
   * On PostgreSQL in {@code schema}, through {@code pool} (the same size the peers get, closed with
   * this); {@code threads} runs at once.
   */
  static RepriseTasks postgres(Pg pg, String schema, HikariDataSource pool, int threads)
      throws Exception {
    Reprise reprise = start(Reprise.builder().postgres(pool).concurrency(threads));
    try {
      return new RepriseTasks(reprise, new RunCounts(pg, schema), threads, pool);
    } catch (Exception | Error e) {
      reprise.close();
      throw e;
    }
  }

  private static Reprise start(Reprise.Builder builder) {
    Reprise reprise = builder.workflow(SINGLE).workflow(THREE).build();
    try {
      reprise.start();
      return reprise;
    } catch (RuntimeException | Error e) {
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
    return "Reprise.builder() defaults, concurrency("
        + threads
        + ") (virtual threads)"
        + (pool == null ? "" : ", postgres(pool of " + pool.getMaximumPoolSize() + " connections)");
  }

  @Override
  public void close() throws java.sql.SQLException {
    try {
      counts.close();
    } finally {
      try {
        reprise.close();
      } finally {
        if (pool != null) {
          pool.close();
        }
      }
    }
  }
}
