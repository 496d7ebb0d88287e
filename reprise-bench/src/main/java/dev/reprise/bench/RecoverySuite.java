package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunStatus;
import dev.reprise.SqliteSynchronous;
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
 * with SIGKILL while every one of them is inside its second step; then a fresh engine opens the
 * same store in this process and takes them back. Measured from the moment the engine is built (the
 * store opened): until {@code start()} returns (boot recovery), until every interrupted step has
 * been entered again (all re-dispatched), and until every run is completed. The engine runs as many
 * runs at once as the worker did.
 */
final class RecoverySuite {
  static final String NAME = "recovery";
  static final double REDISPATCH_TARGET_S = 1;

  private final Databases databases;
  private final SqliteSynchronous synchronous;
  private final int runs;
  private final int warmups;
  private final int repetitions;
  private final String pgPending;
  private final PrintStream log;
  private final Results results;

  RecoverySuite(
      Databases databases,
      SqliteSynchronous synchronous,
      int runs,
      int warmups,
      int repetitions,
      String pgPending,
      PrintStream log,
      Results results) {
    this.databases = databases;
    this.synchronous = synchronous;
    this.runs = runs;
    this.warmups = warmups;
    this.repetitions = repetitions;
    this.pgPending = pgPending;
    this.log = log;
    this.results = results;
  }

  void run() throws Exception {
    log.printf(
        Locale.ROOT,
        "%nReprise benchmark, suite %s: %,d runs interrupted mid-step by kill -9 of a worker JVM;"
            + " SQLite synchronous=%s; %d warm-up (a tenth of the size) + %d measured repetitions%n",
        NAME,
        runs,
        synchronous,
        warmups,
        repetitions);
    List<double[]> samples = new ArrayList<>();
    for (int round = 0; round < warmups + repetitions; round++) {
      boolean warmup = round < warmups;
      int n = warmup ? Math.max(10, runs / 10) : runs;
      double[] s = once(n);
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
    String prefix = "sqlite-" + runs + "-runs-";
    List<Measurement> table =
        List.of(
            new Measurement(prefix + "restart-to-recovered", "reprise", "s", column(samples, 0)),
            new Measurement(
                prefix + "restart-to-all-redispatched", "reprise", "s", column(samples, 1)),
            new Measurement(
                prefix + "restart-to-all-completed", "reprise", "s", column(samples, 2)));
    Target target = Target.atMost(REDISPATCH_TARGET_S);
    new Report(log, "SQLite synchronous=" + synchronous)
        .table(table, Map.of(table.get(1).workload(), target));
    for (Measurement m : table) {
      results.add(NAME, synchronous.name(), m, m == table.get(1) ? target : null);
    }
    for (String what : List.of("restart-to-all-redispatched", "restart-to-all-completed")) {
      String workload = "postgres-" + runs + "-runs-" + what;
      log.println("  " + workload + ": " + pgPending);
      results.pending(NAME, "reprise", workload, "s", pgPending);
    }
  }

  private static List<Double> column(List<double[]> samples, int i) {
    return samples.stream().map(s -> s[i]).toList();
  }

  private double[] once(int n) throws Exception {
    Path db = databases.fresh("recovery-" + n);
    Path workerLog = db.resolveSibling(db.getFileName() + ".worker.log");
    try {
      killWorkerMidStep(db, n, workerLog);
      CountDownLatch redispatched = new CountDownLatch(n);
      RecoveryWorker.Interrupted workflow =
          new RecoveryWorker.Interrupted(null, redispatched::countDown);
      long start = System.nanoTime();
      try (Reprise reprise =
              Reprise.builder()
                  .sqlite(db)
                  .synchronous(synchronous)
                  .concurrency(n)
                  .workflow(workflow)
                  .build();
          RunCounts counts = new RunCounts(db)) {
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
      databases.discard(db);
      Files.deleteIfExists(workerLog);
    }
  }

  private void killWorkerMidStep(Path db, int n, Path workerLog) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process worker =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RecoveryWorker.class.getName(),
                db.toString(),
                Integer.toString(n),
                synchronous.name())
            .redirectError(workerLog.toFile())
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      if (!RecoveryWorker.READY.equals(line)) {
        throw new IllegalStateException(
            "the worker did not get ready (" + line + "): " + Files.readString(workerLog));
      }
    } finally {
      worker.destroyForcibly();
      worker.waitFor();
    }
  }
}
