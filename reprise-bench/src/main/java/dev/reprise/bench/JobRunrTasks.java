package dev.reprise.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.storage.sql.sqlite.SqLiteStorageProvider;

/**
 * JobRunr in the {@code peers} suite: fire-and-forget jobs ({@code enqueue}) of one static method,
 * run by a background job server of {@code threads} workers on the storage provider of the store
 * (JobRunr creates its own tables). JobRunr finds enqueued jobs by polling; the poll interval is
 * set to {@link #POLL_INTERVAL}, the smallest it accepts (a smaller one is refused: "The smallest
 * supported pollInterval is 5 seconds"). Finished = jobs in the {@code SUCCEEDED} state.
 */
final class JobRunrTasks implements TaskSystem.Enqueuing {
  static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

  private final HikariDataSource pool;
  private final StorageProvider storage;
  private final JobScheduler scheduler;
  private final int threads;

  /**
   * {@code schema} is null on SQLite. On PostgreSQL JobRunr is given the schema as its table prefix
   * ({@code "schema."}, as its documentation says to): otherwise it looks for its migrations table
   * in every schema of the database, finds another measurement's, and creates no tables.
   */
  JobRunrTasks(HikariDataSource pool, String schema, int threads) {
    this.pool = pool;
    this.threads = threads;
    storage =
        schema != null
            ? new PostgresStorageProvider(pool, schema + ".")
            : new SqLiteStorageProvider(pool);
    scheduler =
        JobRunr.configure()
            .useStorageProvider(storage)
            .useBackgroundJobServer(
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                    .andWorkerCount(threads)
                    .andPollInterval(POLL_INTERVAL))
            .initialize()
            .getJobScheduler();
  }

  @Override
  public void submit(int i) {
    scheduler.enqueue(() -> JobRunrJob.task(i));
  }

  @Override
  public long finished() {
    return storage.countJobs(StateName.SUCCEEDED);
  }

  @Override
  public String settings() {
    return "usingStandardBackgroundJobServerConfiguration().andWorkerCount("
        + threads
        + ").andPollInterval("
        + POLL_INTERVAL.toMillis()
        + " ms), pool of "
        + pool.getMaximumPoolSize()
        + " connections";
  }

  @Override
  public void close() {
    try {
      JobRunr.destroy();
    } finally {
      pool.close();
    }
  }
}
