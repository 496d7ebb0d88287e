package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The {@code failover} suite: three nodes on one PostgreSQL schema. Node A is a worker JVM ({@link
 * RecoveryWorker}) that starts N runs and holds them all inside their second step; nodes B and C
 * are two engines in this process (each with its own node id and pool), started once A holds its
 * runs. A is killed with SIGKILL; measured from the kill: until every one of its runs has entered
 * its interrupted step again on B or C, and until every run is completed. At the default lease ttl
 * and at a ttl of 2 s (the same ttl on all three nodes).
 */
final class FailoverSuite {
  static final String NAME = "failover";
  static final Duration SHORT_TTL = Duration.ofSeconds(2);
  static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

  private final Pg pg;
  private final Databases databases;
  private final int runs;
  private final int warmups;
  private final int repetitions;
  private final PrintStream log;
  private final Results results;

  FailoverSuite(
      Pg pg,
      Databases databases,
      int runs,
      int warmups,
      int repetitions,
      PrintStream log,
      Results results) {
    this.pg = pg;
    this.databases = databases;
    this.runs = runs;
    this.warmups = warmups;
    this.repetitions = repetitions;
    this.log = log;
    this.results = results;
  }

  /** The figures this suite would give, each marked pending with {@code reason}. */
  static void pending(int runs, String reason, Results results) {
    for (String label : List.of("default-ttl-10s", "ttl-2s")) {
      for (String what : List.of("kill-to-all-running-elsewhere", "kill-to-all-completed")) {
        results.pending(NAME, "reprise", runs + "-runs-" + label + "-" + what, "s", reason);
      }
    }
  }

  void run() throws Exception {
    log.printf(
        Locale.ROOT,
        "%nReprise benchmark, suite %s: 3 nodes on PostgreSQL, kill -9 of the one holding %,d"
            + " runs; %d warm-up (a tenth of the size) + %d measured repetitions per ttl%n",
        NAME,
        runs,
        warmups,
        repetitions);
    List<Measurement> table = new ArrayList<>();
    Map<String, Target> targets = new java.util.HashMap<>();
    for (Duration ttl : List.of(DEFAULT_TTL, SHORT_TTL)) {
      String label = ttl.equals(DEFAULT_TTL) ? "default-ttl-10s" : "ttl-2s";
      List<double[]> samples = new ArrayList<>();
      for (int round = 0; round < warmups + repetitions; round++) {
        boolean warmup = round < warmups;
        int n = warmup ? Math.max(10, runs / 10) : runs;
        double[] s = once(n, ttl.equals(DEFAULT_TTL) ? null : ttl);
        log.printf(
            Locale.ROOT,
            "  %-8s %s, %,d runs: all running elsewhere after %.3f s, all completed after %.3f s%n",
            warmup ? "warm-up" : "rep " + (round - warmups + 1),
            label,
            n,
            s[0],
            s[1]);
        if (!warmup) {
          samples.add(s);
        }
      }
      Measurement moved =
          new Measurement(
              runs + "-runs-" + label + "-kill-to-all-running-elsewhere",
              "reprise",
              "s",
              samples.stream().map(s -> s[0]).toList());
      table.add(moved);
      targets.put(moved.workload(), Target.atMost(ttl.toMillis() / 1000.0 + 1));
      table.add(
          new Measurement(
              runs + "-runs-" + label + "-kill-to-all-completed",
              "reprise",
              "s",
              samples.stream().map(s -> s[1]).toList()));
    }
    new Report(log, "PostgreSQL, 3 nodes").table(table, targets);
    for (Measurement m : table) {
      results.add(NAME, null, m, targets.get(m.workload()));
    }
  }

  /** Seconds from the kill until all runs are running again, and until all are completed. */
  private double[] once(int n, Duration ttl) throws Exception {
    String schema = pg.freshSchema("bench_failover_" + n);
    Path workerLog = databases.fresh("failover-worker-log");
    String url = pg.url(schema);
    long ttlMillis = ttl == null ? 0 : ttl.toMillis();
    Process nodeA =
        RecoverySuite.startWorker(
            n, "node-a", List.of("postgres", url, Long.toString(ttlMillis)), workerLog);
    CountDownLatch moved = new CountDownLatch(n);
    RecoveryWorker.Interrupted workflow = new RecoveryWorker.Interrupted(null, moved::countDown);
    try {
      RecoverySuite.awaitReady(nodeA, workerLog);
      List<Reprise> others = new ArrayList<>();
      try (RunCounts counts = new RunCounts(pg, schema)) {
        others.add(node("node-b", url, ttlMillis, n, workflow));
        others.add(node("node-c", url, ttlMillis, n, workflow));
        long kill = System.nanoTime();
        nodeA.destroyForcibly();
        nodeA.waitFor();
        long bound = 60 + (ttl == null ? DEFAULT_TTL : ttl).toSeconds() + n / 50;
        if (!moved.await(bound, TimeUnit.SECONDS)) {
          throw new IllegalStateException(
              moved.getCount() + " of " + n + " runs were not taken over; " + counts.summary());
        }
        double elsewhere = (System.nanoTime() - kill) / 1e9;
        counts.await(RunStatus.COMPLETED, n, Duration.ofSeconds(bound));
        double completed = (System.nanoTime() - kill) / 1e9;
        return new double[] {elsewhere, completed};
      } finally {
        for (Reprise node : others) {
          node.close();
        }
      }
    } finally {
      nodeA.destroyForcibly();
      nodeA.waitFor();
      databases.discard(workerLog);
      pg.dropSchema(schema);
    }
  }

  private static Reprise node(
      String id, String url, long ttlMillis, int n, RecoveryWorker.Interrupted workflow) {
    Reprise node =
        RecoveryWorker.builder(id, "postgres", url, Long.toString(ttlMillis))
            .concurrency(n)
            .workflow(workflow)
            .build();
    try {
      node.start();
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }
}
