package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code recovery} suite: a worker JVM ({@link RecoveryWorker}) starts N runs and is killed
 * with SIGKILL while every one of them is inside its second step; then a fresh engine with the same
 * node id opens the same store in this process and takes them back (boot recovery). Measured from
 * the moment the engine is built (the store opened): until {@code start()} returns, until every
 * interrupted step has been entered again (all re-dispatched), and until every run is completed.
 * The engine runs as many runs at once as the worker did. On SQLite and on PostgreSQL.
 */
final class RecoverySuite {
  static final String NAME = "recovery";
  static final double REDISPATCH_TARGET_S = 1;
  static final String NODE = "bench-recovery-node";

  /** One store: where the worker and the restarted engine meet. */
  interface Place {
    String name();

    String setting();

    /** Worker arguments after RUNS and NODE: the store kind, its location, its setting. */
    List<String> storeArgs(String tag) throws Exception;

    RunCounts counts(String tag) throws Exception;

    void discard(String tag) throws Exception;
  }

  /** A fresh SQLite file per measurement, removed after it. */
  static Place sqlite(Databases databases, dev.reprise.SqliteSynchronous synchronous) {
    Map<String, Path> files = new java.util.HashMap<>();
    return new Place() {
      @Override
      public String name() {
        return "SQLite synchronous=" + synchronous;
      }

      @Override
      public String setting() {
        return synchronous.name();
      }

      @Override
      public List<String> storeArgs(String tag) throws Exception {
        Path file = databases.fresh(tag);
        files.put(tag, file);
        return List.of("sqlite", file.toString(), synchronous.name());
      }

      @Override
      public RunCounts counts(String tag) throws Exception {
        return new RunCounts(files.get(tag));
      }

      @Override
      public void discard(String tag) throws Exception {
        Path file = files.remove(tag);
        if (file != null) {
          databases.discard(file);
        }
      }
    };
  }

  /** A fresh schema per measurement, dropped after it; the default lease ttl. */
  static Place postgres(Pg pg) {
    return new Place() {
      @Override
      public String name() {
        return "PostgreSQL";
      }

      @Override
      public String setting() {
        return null;
      }

      @Override
      public List<String> storeArgs(String tag) throws Exception {
        return List.of("postgres", pg.url(pg.freshSchema(schema(tag))), "0");
      }

      @Override
      public RunCounts counts(String tag) throws Exception {
        return new RunCounts(pg, schema(tag));
      }

      @Override
      public void discard(String tag) throws Exception {
        pg.dropSchema(schema(tag));
      }

      private String schema(String tag) {
        return "bench_" + tag.replace('-', '_');
      }
    };
  }

  private final Databases databases;
  private final int runs;
  private final int warmups;
  private final int repetitions;
  private final PrintStream log;
  private final Results results;

  RecoverySuite(
      Databases databases,
      int runs,
      int warmups,
      int repetitions,
      PrintStream log,
      Results results) {
    this.databases = databases;
    this.runs = runs;
    this.warmups = warmups;
    this.repetitions = repetitions;
    this.log = log;
    this.results = results;
  }

  void run(Place place) throws Exception {
    log.printf(
        Locale.ROOT,
        "%nReprise benchmark, suite %s: %,d runs interrupted mid-step by kill -9 of a worker JVM;"
            + " %s; %d warm-up (a tenth of the size) + %d measured repetitions%n",
        NAME,
        runs,
        place.name(),
        warmups,
        repetitions);
    List<double[]> samples = new ArrayList<>();
    for (int round = 0; round < warmups + repetitions; round++) {
      boolean warmup = round < warmups;
      int n = warmup ? Math.max(10, runs / 10) : runs;
      double[] s = once(place, n);
      log.printf(
          Locale.ROOT,
          "  %-8s %,d runs: start() %.3f s, all re-dispatched %.3f s, all completed %.3f s%n",
          warmup ? "warm-up" : "rep " + (round - warmups + 1),
          n,
          s[0],
          s[1],
          s[2]);
      if (!warmup) {
        samples.add(s);
      }
    }
    String prefix = place.name().startsWith("SQLite") ? "sqlite-" : "postgres-";
    prefix += runs + "-runs-";
    List<Measurement> table =
        List.of(
            new Measurement(prefix + "restart-to-recovered", "reprise", "s", column(samples, 0)),
            new Measurement(
                prefix + "restart-to-all-redispatched", "reprise", "s", column(samples, 1)),
            new Measurement(
                prefix + "restart-to-all-completed", "reprise", "s", column(samples, 2)));
    Target target = Target.atMost(REDISPATCH_TARGET_S);
    new Report(log, place.name()).table(table, Map.of(table.get(1).workload(), target));
    for (Measurement m : table) {
      results.add(NAME, place.setting(), m, m == table.get(1) ? target : null);
    }
  }

  private static List<Double> column(List<double[]> samples, int i) {
    return samples.stream().map(s -> s[i]).toList();
  }

  private double[] once(Place place, int n) throws Exception {
    String tag = "recovery-" + n;
    Path workerLog = databases.fresh(tag + "-worker-log");
    try {
      List<String> store = place.storeArgs(tag);
      killWorkerMidStep(n, NODE, store, workerLog);
      CountDownLatch redispatched = new CountDownLatch(n);
      RecoveryWorker.Interrupted workflow =
          new RecoveryWorker.Interrupted(null, redispatched::countDown);
      long start = System.nanoTime();
      try (Reprise reprise =
              RecoveryWorker.builder(NODE, store.get(0), store.get(1), store.get(2))
                  .concurrency(n)
                  .workflow(workflow)
                  .build();
          RunCounts counts = place.counts(tag)) {
        reprise.start();
        double started = (System.nanoTime() - start) / 1e9;
        if (!redispatched.await(Math.max(60, n / 50), TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              redispatched.getCount() + " of " + n + " runs never re-entered their step");
        }
        double all = (System.nanoTime() - start) / 1e9;
        counts.await(RunStatus.COMPLETED, n, Duration.ofSeconds(Math.max(60, n / 50)));
        double done = (System.nanoTime() - start) / 1e9;
        return new double[] {started, all, done};
      }
    } finally {
      place.discard(tag);
      databases.discard(workerLog);
    }
  }

  /**
   * Starts a worker JVM on {@code store}, waits until its {@code n} runs are all inside their
   * second step, and kills it with SIGKILL.
   */
  static void killWorkerMidStep(int n, String node, List<String> store, Path workerLog)
      throws Exception {
    Process worker = startWorker(n, node, store, workerLog);
    try {
      awaitReady(worker, workerLog);
    } finally {
      worker.destroyForcibly();
      worker.waitFor();
    }
  }

  static Process startWorker(int n, String node, List<String> store, Path workerLog)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RecoveryWorker.class.getName(),
                Integer.toString(n),
                node));
    command.addAll(store);
    return new ProcessBuilder(command).redirectError(workerLog.toFile()).start();
  }

  static void awaitReady(Process worker, Path workerLog) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!RecoveryWorker.READY.equals(line)) {
      throw new IllegalStateException(
          "the worker did not get ready (" + line + "): " + Files.readString(workerLog));
    }
  }
}
