package dev.reprise.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * db-scheduler in the {@code peers} suite: one one-time task, scheduled to run now, executed by
 * {@code threads} worker threads. On PostgreSQL it polls with lock-and-fetch ({@code select ... for
 * update skip locked} in one statement, the documented choice for high throughput); SQLite has no
 * {@code skip locked}, so there db-scheduler's {@code SqliteJdbcCustomization} cannot lock and
 * fetch in one statement and it uses its default, fetch-and-lock-on-execute. Immediate execution is
 * on: a task scheduled for now wakes the scheduler instead of waiting for the next poll. A finished
 * one-time task's row is deleted, so finished = submitted - rows left.
 */
final class DbSchedulerTasks implements TaskSystem.Enqueuing {
  static final Duration POLLING_INTERVAL = Duration.ofMillis(500);
  static final double LOWER_LIMIT = 0.5;
  static final double UPPER_LIMIT = 3.0;

  private static final String PG_TABLE =
      """
      create table scheduled_tasks (
        task_name text not null,
        task_instance text not null,
        task_data bytea,
        execution_time timestamp with time zone not null,
        picked boolean not null,
        picked_by text,
        last_success timestamp with time zone,
        last_failure timestamp with time zone,
        consecutive_failures int,
        last_heartbeat timestamp with time zone,
        version bigint not null,
        priority smallint,
        primary key (task_name, task_instance))""";

  private static final String SQLITE_TABLE =
      """
      create table scheduled_tasks (
        task_name text not null,
        task_instance text not null,
        task_data blob,
        execution_time timestamp not null,
        picked boolean not null,
        picked_by text,
        last_success timestamp,
        last_failure timestamp,
        consecutive_failures int,
        last_heartbeat timestamp,
        version bigint not null,
        priority smallint,
        primary key (task_name, task_instance))""";

  private static final String[] INDEXES = {
    "create index execution_time_idx on scheduled_tasks (execution_time)",
    "create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)",
    "create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc)"
  };

  private final HikariDataSource pool;
  private final Scheduler scheduler;
  private final OneTimeTask<Integer> task;
  private final boolean postgres;
  private final int threads;
  private long submitted;

  DbSchedulerTasks(HikariDataSource pool, boolean postgres, int threads) throws Exception {
    this.pool = pool;
    this.postgres = postgres;
    this.threads = threads;
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(postgres ? PG_TABLE : SQLITE_TABLE);
      for (String index : INDEXES) {
        s.execute(index);
      }
    }
    task =
        Tasks.oneTime("bench-task", Integer.class)
            .execute((instance, context) -> Tracker.done(instance.getData()));
    var builder =
        Scheduler.create(pool, task)
            .threads(threads)
            .pollingInterval(POLLING_INTERVAL)
            .enableImmediateExecution()
            .shutdownMaxWait(Duration.ofSeconds(5));
    if (postgres) {
      builder.pollUsingLockAndFetch(LOWER_LIMIT, UPPER_LIMIT);
    }
    scheduler = builder.build();
    scheduler.start();
  }

  @Override
  public void submit(int i) {
    scheduler.schedule(task.instance("t" + i, i), Instant.now());
    synchronized (this) {
      submitted++;
    }
  }

  @Override
  public long finished() throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from scheduled_tasks")) {
      rs.next();
      synchronized (this) {
        return submitted - rs.getLong(1);
      }
    }
  }

  @Override
  public String settings() {
    return "threads("
        + threads
        + "), pollingInterval("
        + POLLING_INTERVAL.toMillis()
        + " ms), enableImmediateExecution(), "
        + (postgres
            ? "pollUsingLockAndFetch(" + LOWER_LIMIT + ", " + UPPER_LIMIT + ")"
            : "fetch-and-lock-on-execute (default; no lock-and-fetch on SQLite)")
        + ", pool of "
        + pool.getMaximumPoolSize()
        + " connections";
  }

  @Override
  public void close() {
    try {
      scheduler.stop();
    } finally {
      pool.close();
    }
  }
}
