package dev.reprise.bench.nodes;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Several Reprise nodes, each its own JVM, on the local PostgreSQL: throughput of 3-step workflows
 * with 1 and with 3 nodes. Each figure is the median of the repeats (every repeat on a fresh
 * schema). The takeover time after {@code kill -9} is the {@code failover} suite's.
 *
 * <pre>
 * java -cp reprise-bench/target/reprise-bench.jar dev.reprise.bench.nodes.NodesThroughput \
 *     [--runs 10000] [--repeat 3] [--url jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
 * </pre>
 */
public final class NodesThroughput {
  private final String baseUrl;

  private NodesThroughput(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    int runs = intArg(a, "--runs", 10_000);
    int repeat = intArg(a, "--repeat", 3);
    String url = stringArg(a, "--url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    NodesThroughput m = new NodesThroughput(url);
    for (int nodes : new int[] {1, 3}) {
      double[] rates = new double[repeat];
      for (int i = 0; i < repeat; i++) {
        rates[i] = m.throughput(nodes, runs);
      }
      print("postgres", nodes + " node(s), " + runs + " runs of 3 no-op steps", rates, "runs/s");
    }
  }

  /** Runs per second from the first run's start to the last run's end, on the database's clock. */
  private double throughput(int nodes, int runs) throws Exception {
    String schema = freshSchema();
    String url = baseUrl + "&currentSchema=" + schema;
    submit(url, runs);
    List<Process> workers = new ArrayList<>();
    try {
      for (int n = 0; n < nodes; n++) {
        workers.add(worker(url, "node-" + n, 10_000, 0, 64));
      }
      try (Connection c = DriverManager.getConnection(url)) {
        waitFor(c, "select count(*) from runs where status = 'completed'", runs, 600_000);
        long[] span =
            longs(c, "select min(started_at), max(ended_at) from runs where status = 'completed'");
        return runs * 1000.0 / (span[1] - span[0]);
      }
    } finally {
      stop(workers);
      dropSchema(schema);
    }
  }

  private void submit(String url, int runs) throws Exception {
    try (RepriseClient client = Reprise.builder().postgres(url).buildClient()) {
      ExecutorService pool = Executors.newFixedThreadPool(32);
      IntStream.range(0, runs)
          .forEach(
              i ->
                  pool.execute(
                      () ->
                          client.submitJson(
                              "three-steps", Integer.toString(i), RunOptions.DEFAULT)));
      pool.shutdown();
      if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("submitting took too long");
      }
    }
  }

  private static Process worker(String url, String id, long ttl, long stepMillis, int concurrency)
      throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            NodeWorker.class.getName(),
            url,
            id,
            Long.toString(ttl),
            Long.toString(stepMillis),
            Integer.toString(concurrency))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void stop(List<Process> workers) throws InterruptedException {
    for (Process p : workers) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private String freshSchema() throws SQLException {
    String schema = "reprise_bench_nodes_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    }
    return schema;
  }

  private void dropSchema(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("drop schema " + schema + " cascade");
    }
  }

  private static void waitFor(Connection c, String countSql, long target, long timeoutMillis)
      throws Exception {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (longs(c, countSql)[0] < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + target + ": " + countSql);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static long[] longs(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long[] values = new long[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rs.getLong(i + 1);
      }
      return values;
    }
  }

  private static void print(String suite, String workload, double[] values, String unit) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    System.out.printf(
        Locale.ROOT,
        "{\"suite\":\"%s\",\"system\":\"reprise\",\"workload\":\"%s\",\"median\":%.1f,\"min\":%.1f,"
            + "\"max\":%.1f,\"unit\":\"%s\",\"runs\":%d}%n",
        suite,
        workload,
        median,
        sorted[0],
        sorted[sorted.length - 1],
        unit,
        values.length);
  }

  private static int intArg(List<String> args, String name, int fallback) {
    int i = args.indexOf(name);
    return i < 0 ? fallback : Integer.parseInt(args.get(i + 1));
  }

  private static String stringArg(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i < 0 ? fallback : args.get(i + 1);
  }
}
