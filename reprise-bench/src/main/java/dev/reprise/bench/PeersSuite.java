package dev.reprise.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.reprise.SqliteSynchronous;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code peers} suite: Reprise beside DBOS Transact, db-scheduler and JobRunr, on the same
 * database, with the same durability and the same number of threads, one after another within each
 * repetition so that they share the machine's state. Workloads: (a) workflows of three steps at a
 * fixed concurrency on PostgreSQL (Reprise, DBOS); (b) single-step durable tasks on PostgreSQL
 * (Reprise, db-scheduler, JobRunr); (c) the same on SQLite (DBOS has no SQLite store).
 */
final class PeersSuite {
  static final String NAME = "peers";
  static final double DBOS_TARGET = 3;
  static final double QUEUE_TARGET = 2;
  static final String SCHEMA_PREFIX = "peer_";

  /**
   * JobRunr's SQLite storage provider fails with SQLITE_BUSY ("database is locked") when several
   * pooled connections write at once; with one connection it works.
   */
  static final int SQLITE_JOBRUNR_POOL = 1;

  /** The sizes and settings. */
  record PeerSettings(
      Path dir,
      int workflows,
      int tasks,
      int threads,
      int submitters,
      int pool,
      int warmups,
      int repetitions,
      java.util.Set<String> workloads,
      boolean keepFiles) {}

  /** Opens a system on a fresh store for one measurement; {@code tag} names that store. */
  @FunctionalInterface
  private interface Opener {
    TaskSystem open(String tag) throws Exception;
  }

  private record Contender(String system, Opener opener, String pendingReason) {}

  private final PeerSettings settings;
  private final Pg pg;
  private final String pgUnavailable;
  private final Databases databases;
  private final PrintStream log;
  private final Results results;
  private final Report human;

  PeersSuite(
      PeerSettings settings,
      Pg pg,
      String pgUnavailable,
      Databases databases,
      PrintStream log,
      Results results) {
    this.settings = settings;
    this.pg = pg;
    this.pgUnavailable = pgUnavailable;
    this.databases = databases;
    this.log = log;
    this.results = results;
    this.human = new Report(log, "peers");
  }

  void run() throws Exception {
    log.printf(
        Locale.ROOT,
        "%nReprise benchmark, suite %s: %,d workflows of 3 steps at concurrency %d; %,d single-step"
            + " tasks submitted by %d threads, %d worker threads each; pools of %d connections;"
            + " %d warm-up (a tenth of the size) + %d measured repetitions%n",
        NAME,
        settings.workflows(),
        settings.threads(),
        settings.tasks(),
        settings.submitters(),
        settings.threads(),
        settings.pool(),
        settings.warmups(),
        settings.repetitions());
    if (pgUnavailable == null) {
      pg.dropSchemas(SCHEMA_PREFIX);
    }
    String pgReason = pgUnavailable;
    if (settings.workloads().contains("a")) {
      measure(
          "a-" + settings.workflows() + "-workflows-of-3-steps-postgres",
          "workflows/s",
          true,
          settings.workflows(),
          List.of(
              new Contender("reprise", this::reprisePostgres, pgReason),
              new Contender("dbos", this::dbos, pgReason)));
    }
    if (settings.workloads().contains("b")) {
      measure(
          "b-" + settings.tasks() + "-single-step-tasks-postgres",
          "tasks/s",
          false,
          settings.tasks(),
          List.of(
              new Contender("reprise", this::reprisePostgres, pgReason),
              new Contender("db-scheduler", tag -> dbScheduler(tag, true), pgReason),
              new Contender("jobrunr", tag -> jobRunr(tag, true), pgReason)));
    }
    if (settings.workloads().contains("c")) {
      measure(
          "c-" + settings.tasks() + "-single-step-tasks-sqlite",
          "tasks/s",
          false,
          settings.tasks(),
          List.of(
              new Contender("reprise", this::repriseSqlite, null),
              new Contender("db-scheduler", tag -> dbScheduler(tag, false), null),
              new Contender("jobrunr", tag -> jobRunr(tag, false), null),
              new Contender("dbos", null, "DBOS Transact has no SQLite store")));
    }
  }

  private void measure(
      String workload, String unit, boolean workflows, int size, List<Contender> contenders)
      throws Exception {
    log.println();
    log.println(workload + ":");
    List<Contender> running = new ArrayList<>();
    for (Contender c : contenders) {
      if (c.opener() == null || c.pendingReason() != null) {
        String reason = c.pendingReason();
        log.println("  " + c.system() + ": not measured: " + reason);
        results.pending(NAME, c.system(), workload, unit, reason);
        results.pending(NAME, c.system(), workload + "-latency-p50", "ms", reason);
        results.pending(NAME, c.system(), workload + "-latency-p99", "ms", reason);
      } else {
        running.add(c);
      }
    }
    Map<String, List<double[]>> samples = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    int rounds = settings.warmups() + settings.repetitions();
    for (int round = 0; round < rounds; round++) {
      boolean warmup = round < settings.warmups();
      int n = warmup ? Math.max(10, size / 10) : size;
      for (Contender c : running) {
        if (failed.containsKey(c.system())) {
          continue;
        }
        try {
          double[] s = onceOrAgain(c, n, workflows);
          log.printf(
              Locale.ROOT,
              "  %-8s %-13s %,10.0f %s, latency p50 %.1f ms, p99 %.1f ms%n",
              warmup ? "warm-up" : "rep " + (round - settings.warmups() + 1),
              c.system(),
              s[0],
              unit,
              s[1],
              s[2]);
          if (!warmup) {
            samples.computeIfAbsent(c.system(), k -> new ArrayList<>()).add(s);
          }
        } catch (Exception e) {
          log.println("  " + c.system() + " failed: " + e);
          failed.put(c.system(), "failed: " + e);
        }
      }
    }
    List<Measurement> table = new ArrayList<>();
    Map<String, Measurement> throughput = new LinkedHashMap<>();
    for (var e : samples.entrySet()) {
      if (failed.containsKey(e.getKey())) {
        continue;
      }
      List<double[]> runs = e.getValue();
      Measurement rate =
          new Measurement(workload, e.getKey(), unit, runs.stream().map(r -> r[0]).toList());
      throughput.put(e.getKey(), rate);
      table.add(rate);
      table.add(
          new Measurement(
              workload + "-latency-p50", e.getKey(), "ms", runs.stream().map(r -> r[1]).toList()));
      table.add(
          new Measurement(
              workload + "-latency-p99", e.getKey(), "ms", runs.stream().map(r -> r[2]).toList()));
    }
    for (var f : failed.entrySet()) {
      results.pending(NAME, f.getKey(), workload, unit, f.getValue());
    }
    Measurement reprise = throughput.get("reprise");
    Map<String, Ratio> ratios = new LinkedHashMap<>();
    if (reprise != null) {
      for (var e : throughput.entrySet()) {
        if (!e.getKey().equals("reprise")) {
          double target = e.getKey().equals("dbos") ? DBOS_TARGET : QUEUE_TARGET;
          ratios.put(e.getKey(), Ratio.of(reprise, e.getValue(), target));
        }
      }
    }
    human.table(table, List.of(), null, 0);
    for (Measurement m : table) {
      results.add(NAME, null, m, null);
    }
    for (var e : ratios.entrySet()) {
      Ratio r = e.getValue();
      Measurement m =
          new Measurement(workload + "-reprise/" + e.getKey(), "reprise", "ratio", r.runs());
      log.printf(
          Locale.ROOT,
          "  ratio %s: median %.2f (min %.2f, max %.2f), target >= %.0f%n",
          m.workload(),
          m.median(),
          m.min(),
          m.max(),
          r.target());
      results.add(NAME, null, m, Target.atLeast(r.target()));
    }
  }

  /**
   * One measurement, tried a second time (after a pause, on a fresh store) when the first attempt
   * fails: the PostgreSQL server is shared with other work, whose connections can leave none for a
   * new pool for a while.
   */
  private double[] onceOrAgain(Contender c, int n, boolean workflows) throws Exception {
    try {
      return once(c, n, workflows);
    } catch (Exception first) {
      log.println("  " + c.system() + " failed, trying once more in 5 s: " + first);
      Thread.sleep(5_000);
      return once(c, n, workflows);
    }
  }

  /** Throughput, latency p50 and p99 (ms) of one measurement on a fresh store. */
  private double[] once(Contender c, int n, boolean workflows) throws Exception {
    Tracker tracker = Tracker.start(n);
    Latencies latencies = new Latencies(n);
    String tag = c.system().replace("-", "") + "_" + n;
    try (TaskSystem system = c.opener().open(tag)) {
      long start = System.nanoTime();
      if (workflows) {
        // the contenders of workload (a) are systems of workflows
        TaskSystem.Workflows runner = (TaskSystem.Workflows) system;
        inParallel(
            settings.threads(),
            n,
            i -> {
              long t0 = System.nanoTime();
              runner.runWorkflow(i);
              latencies.record(System.nanoTime() - t0);
            });
      } else {
        TaskSystem.Enqueuing queue = (TaskSystem.Enqueuing) system;
        inParallel(
            settings.submitters(),
            n,
            i -> {
              tracker.submitting(i);
              queue.submit(i);
            });
      }
      long bound = Math.max(120, n / 20) * 1_000_000_000L;
      if (!tracker.await(bound)) {
        throw new IllegalStateException(tracker.left() + " of " + n + " tasks never ran");
      }
      long deadline = System.nanoTime() + bound;
      while (system.finished() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + system.finished() + " of " + n + " recorded as finished");
        }
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] sorted = workflows ? latencies.sortedMillis() : tracker.sortedLatenciesMillis();
      return new double[] {
        n / seconds, Latencies.percentile(sorted, 50), Latencies.percentile(sorted, 99)
      };
    } finally {
      cleanUp(tag);
    }
  }

  @FunctionalInterface
  private interface Task {
    void run(int i) throws Exception;
  }

  private static void inParallel(int threads, int n, Task task) throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        all.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.run(i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
  }

  private TaskSystem repriseSqlite(String tag) throws Exception {
    return RepriseTasks.sqlite(sqliteFile(tag), SqliteSynchronous.FULL, settings.threads());
  }

  private TaskSystem reprisePostgres(String tag) throws Exception {
    String schema = schema(tag);
    HikariDataSource pool = pg.pool(schema, settings.pool());
    return closingOnFailure(
        pool, () -> RepriseTasks.postgres(pg, schema, pool, settings.threads()));
  }

  private TaskSystem dbos(String tag) throws Exception {
    String schema = schema(tag);
    HikariDataSource pool = pg.pool(schema, settings.pool());
    return closingOnFailure(pool, () -> new DbosWorkflows(pg, pool, schema));
  }

  private TaskSystem dbScheduler(String tag, boolean postgres) throws Exception {
    if (postgres) {
      HikariDataSource pool = pg.pool(schema(tag), settings.pool());
      return closingOnFailure(pool, () -> new DbSchedulerTasks(pool, true, settings.threads()));
    }
    HikariDataSource pool =
        SqliteFiles.pool(sqliteFile(tag), SqliteSynchronous.FULL, settings.pool());
    return closingOnFailure(pool, () -> new DbSchedulerTasks(pool, false, settings.threads()));
  }

  private TaskSystem jobRunr(String tag, boolean postgres) throws Exception {
    if (postgres) {
      String schema = schema(tag);
      HikariDataSource pool = pg.pool(schema, settings.pool());
      return closingOnFailure(pool, () -> new JobRunrTasks(pool, schema, settings.threads()));
    }
    HikariDataSource pool =
        SqliteFiles.pool(sqliteFile(tag), SqliteSynchronous.FULL, SQLITE_JOBRUNR_POOL);
    return closingOnFailure(pool, () -> new JobRunrTasks(pool, null, settings.threads()));
  }

  private static TaskSystem closingOnFailure(
      HikariDataSource pool, java.util.concurrent.Callable<TaskSystem> opener) throws Exception {
    try {
      return opener.call();
    } catch (Exception | Error e) {
      pool.close();
      throw e;
    }
  }

  private final Map<String, Path> files = new LinkedHashMap<>();
  private final java.util.Set<String> pgSchemas = new java.util.HashSet<>();

  private String schema(String tag) throws Exception {
    pgSchemas.add(tag);
    return pg.freshSchema(SCHEMA_PREFIX + tag);
  }

  private Path sqliteFile(String tag) throws Exception {
    Path f = databases.fresh("peer-" + tag);
    files.put(tag, f);
    return f;
  }

  private void cleanUp(String tag) throws Exception {
    Path f = files.remove(tag);
    if (f != null) {
      databases.discard(f);
    }
    if (pgSchemas.remove(tag) && !settings.keepFiles()) {
      pg.dropSchema(SCHEMA_PREFIX + tag);
    }
  }
}
