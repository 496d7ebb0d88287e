package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.cluster.FileLedger;
import dev.reprise.cluster.NodeProcesses;
import dev.reprise.testing.Jdbc;
import dev.reprise.testing.OwnPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node JVMs on a PostgreSQL server of the test's own, restarted under them with {@code pg_ctl
 * restart} (fast, then immediate) while they run a thousand workflows, or stopped for longer than
 * they wait for a connection. Each body start and effect is noted in a file per node, outside the
 * database that goes away. The way back is timed and printed, never asserted.
 */
class PostgresRestartTest {
  private static final int RUNS = 1000;
  private static final int STEPS = 3;
  private static final long TTL_MILLIS = 10_000; // the default lease
  private static final long GAP_MILLIS = 200; // workflow code before each step
  private static final List<String> NODES = List.of("n1", "n2", "n3");
  private static final Pattern EVENT = Pattern.compile("event=([a-z_]+)");

  @TempDir Path dir;
  private OwnPostgres server;
  private NodeProcesses nodes;
  private String url;

  @BeforeEach
  void startServer() throws Exception {
    server = OwnPostgres.startOrSkip();
    url = server.url();
    nodes = new NodeProcesses(dir);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (nodes != null) {
        nodes.close();
        // what the nodes went through, for a failure above as much as for a pass
        for (String node : NODES) {
          System.out.println("postgres restarts: " + node + " logged " + eventsOf(node));
          System.out.println(head(node));
        }
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** What one interruption cost: the time the server was away and the way back. */
  private record Interruption(
      String what,
      long downMillis,
      int inFlight,
      long firstCompletedMillis,
      long allInFlightMillis) {
    @Override
    public String toString() {
      return String.format(
          "%s: %d ms; %d runs in flight; after the server accepted connections again the first"
              + " run completed in %d ms, all %d in flight in %d ms",
          what, downMillis, inFlight, firstCompletedMillis, inFlight, allInFlightMillis);
    }
  }

  /** Takes the server away and brings it back; returns once it accepts connections. */
  private interface Outage {
    void run() throws Exception;
  }

  @Test
  void runsCompleteAcrossFastAndImmediateRestartsAndNoCompletedStepRunsAgain() throws Exception {
    long began = System.nanoTime();
    List<String> ids = submitAndStartNodes(RUNS);
    interruptWhenCompleted(RUNS / 4, "pg_ctl restart -m fast", () -> server.restart("fast"));
    interruptWhenCompleted(
        RUNS * 3 / 5, "pg_ctl restart -m immediate", () -> server.restart("immediate"));
    String checked = awaitAllCompletedOnce(ids);
    System.out.printf(
        "postgres restarts: %d runs of %d steps on %d nodes (lease ttl %d ms) in %d ms; %s%n",
        RUNS,
        STEPS,
        NODES.size(),
        TTL_MILLIS,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began),
        checked);
  }

  /**
   * Down for longer than a node waits for a connection (5 s): writes fail, and the runs whose
   * writes failed are given back once the server is up again, with no node restarted.
   */
  @Test
  void runsCompleteAfterAnOutageInWhichEveryNodesWritesFailed() throws Exception {
    int runs = 300;
    List<String> ids = submitAndStartNodes(runs);
    interruptWhenCompleted(
        runs / 5,
        "pg_ctl stop -m immediate, start once every node failed to reconnect",
        () -> {
          server.stop("immediate");
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(100))
              .until(
                  () ->
                      NODES.stream()
                          .allMatch(
                              n -> eventsOf(n).getOrDefault("store_reconnect_failed", 0) > 0));
          server.start();
        });
    String checked = awaitAllCompletedOnce(ids);
    System.out.printf(
        "postgres outage: %d runs of %d steps on %d nodes (lease ttl %d ms); %s%n",
        runs, STEPS, NODES.size(), TTL_MILLIS, checked);
  }

  /**
   * Starts the nodes and waits until each has started (so that a node that cannot start says why,
   * and every node takes part), then submits the runs.
   */
  private List<String> submitAndStartNodes(int runs) throws Exception {
    List<String> ids = new ArrayList<>();
    try (RepriseClient client = Reprise.builder().postgres(url).buildClient()) {
      Map<String, Process> started = new HashMap<>();
      for (String node : NODES) {
        started.put(
            node,
            nodes.start(
                url,
                node,
                Long.toString(TTL_MILLIS),
                Long.toString(GAP_MILLIS),
                ledger(node).toString()));
      }
      for (String node : NODES) {
        nodes.awaitStarted(started.get(node), node, Duration.ofSeconds(60));
      }
      for (int i = 0; i < runs; i++) {
        ids.add(client.submitJson("gated-steps", Integer.toString(i), RunOptions.DEFAULT).id());
      }
    }
    return ids;
  }

  /**
   * Waits until every run has completed, then checks that each did with the output of all its
   * steps, that every step's effect was applied, and that no body started after its step's
   * completion was recorded. Returns what the ledgers hold, in words.
   */
  private String awaitAllCompletedOnce(List<String> ids) throws Exception {
    int runs = ids.size();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> count("select count(*) from runs where status = 'completed'") == runs);
    try (Jdbc sql = Jdbc.connect(url)) {
      assertThat(sql.strings("select id from runs")).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(
              sql.count(
                  "select count(*) from runs where status = 'completed'"
                      + " and output = (input::int + 6)::text"))
          .as("runs completed with the output of all their steps")
          .isEqualTo(runs);
      assertThat(sql.count("select count(*) from steps")).isEqualTo((long) STEPS * runs);
      assertThat(sql.count("select count(*) from steps where status = 'completed'"))
          .isEqualTo((long) STEPS * runs);

      Map<String, Long> completedAt = new HashMap<>();
      for (String row : sql.strings("select run_id || ' ' || seq || ' ' || ended_at from steps")) {
        String[] f = row.split(" ");
        completedAt.put(f[0] + ":" + f[1], Long.parseLong(f[2]));
      }
      List<FileLedger.Start> starts = new ArrayList<>();
      Set<String> effects = new HashSet<>();
      for (String node : NODES) {
        starts.addAll(FileLedger.starts(ledger(node)));
        effects.addAll(FileLedger.effects(ledger(node)));
      }
      assertThat(
              starts.stream()
                  .filter(s -> s.atMillis() > completedAt.get(s.runId() + ":" + s.seq()))
                  .toList())
          .as("bodies started after their step's completion was recorded")
          .isEmpty();
      Set<String> started = new HashSet<>();
      starts.forEach(s -> started.add(s.runId() + ":" + s.seq()));
      assertThat(started).isEqualTo(completedAt.keySet());
      assertThat(effects).as("every step's effect applied").hasSize(STEPS * runs);
      assertThat(starts.stream().map(FileLedger.Start::node).distinct()).hasSize(NODES.size());
      return String.format(
          "%d body starts for %d steps (%d started again before their completion was recorded)",
          starts.size(), completedAt.size(), starts.size() - started.size());
    }
  }

  /**
   * Once {@code completed} runs have completed, takes the server away and back, and times the way
   * back: from the server accepting connections again ({@code pg_ctl -w} returning) until the next
   * run completes, and until every run that was running when it went away has completed.
   */
  private void interruptWhenCompleted(int completed, String what, Outage outage) throws Exception {
    String done = "select count(*) from runs where status = 'completed'";
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> count(done) >= completed);
    List<String> inFlight;
    try (Jdbc sql = Jdbc.connect(url)) {
      inFlight = sql.strings("select id from runs where status = 'running'");
    }
    assertThat(inFlight).as("runs in flight when the server goes away").isNotEmpty();
    long away = System.nanoTime();
    outage.run();
    long back = System.nanoTime();
    long atBack =
        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreExceptions()
            .until(() -> count(done), c -> true);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(10))
        .ignoreExceptions()
        .until(() -> count(done) > atBack);
    long first = System.nanoTime();
    String ids = String.join(",", inFlight);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .until(
            () ->
                count(
                        "select count(*) from runs where id = any(string_to_array(?, ','))"
                            + " and status <> 'completed'",
                        ids)
                    == 0);
    long all = System.nanoTime();
    System.out.println(
        "postgres: "
            + new Interruption(
                what,
                TimeUnit.NANOSECONDS.toMillis(back - away),
                inFlight.size(),
                TimeUnit.NANOSECONDS.toMillis(first - back),
                TimeUnit.NANOSECONDS.toMillis(all - back)));
  }

  /** A count on a new connection: those made before a restart are gone with it. */
  private long count(String query, Object... args) {
    try (Jdbc sql = Jdbc.connect(url)) {
      return sql.count(query, args);
    }
  }

  private Path ledger(String node) {
    return dir.resolve(node + ".ledger");
  }

  /** The first lines a node printed, to tell a node that never got going. */
  private String head(String node) {
    try {
      return Files.exists(nodes.log(node))
          ? String.join("\n", Files.readAllLines(nodes.log(node)).stream().limit(15).toList())
          : node + ": no log";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How often a node logged each event. */
  private Map<String, Integer> eventsOf(String node) {
    Map<String, Integer> counts = new HashMap<>();
    if (!Files.exists(nodes.log(node))) {
      return counts;
    }
    try {
      Matcher m = EVENT.matcher(Files.readString(nodes.log(node)));
      while (m.find()) {
        counts.merge(m.group(1), 1, Integer::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return counts;
  }
}
