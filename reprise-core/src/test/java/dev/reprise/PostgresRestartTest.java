package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.cluster.FileLedger;
import dev.reprise.cluster.NodeProcesses;
import dev.reprise.testing.Jdbc;
import dev.reprise.testing.OwnPostgres;
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
 * restart} (fast, then immediate) while they run a thousand workflows. Each body start and effect
 * is noted in a file per node, outside the database that goes away.
 */
class PostgresRestartTest {
  private static final int RUNS = 1000;
  private static final int STEPS = 3;
  private static final long TTL_MILLIS = 10_000; // the default lease
  private static final long GAP_MILLIS = 200; // workflow code before each step
  private static final List<String> NODES = List.of("n1", "n2", "n3");

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
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  /** What one restart cost: the restart itself and the way back. */
  private record Restart(
      String mode,
      long restartMillis,
      int inFlight,
      long firstCompletedMillis,
      long allInFlightMillis) {
    @Override
    public String toString() {
      return String.format(
          "pg_ctl restart -m %s took %d ms; %d runs in flight; after the server accepted"
              + " connections again the first run completed in %d ms, all %d in flight in %d ms",
          mode, restartMillis, inFlight, firstCompletedMillis, inFlight, allInFlightMillis);
    }
  }

  @Test
  void runsCompleteAcrossFastAndImmediateRestartsAndNoCompletedStepRunsAgain() throws Exception {
    long began = System.nanoTime();
    List<String> ids = new ArrayList<>();
    try (RepriseClient client = Reprise.builder().postgres(url).buildClient()) {
      for (int i = 0; i < RUNS; i++) {
        ids.add(client.submitJson("gated-steps", Integer.toString(i), RunOptions.DEFAULT).id());
      }
    }
    for (String node : NODES) {
      nodes.start(
          url, node, Long.toString(TTL_MILLIS), Long.toString(GAP_MILLIS), ledger(node).toString());
    }

    Restart fast = restartWhenCompleted(RUNS / 4, "fast");
    Restart immediate = restartWhenCompleted(RUNS * 3 / 5, "immediate");
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> count("select count(*) from runs where status = 'completed'") == RUNS);
    long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

    try (Jdbc sql = Jdbc.connect(url)) {
      assertThat(sql.count("select count(*) from runs")).isEqualTo(RUNS);
      assertThat(
              sql.count(
                  "select count(*) from runs where status = 'completed'"
                      + " and output = (input::int + 6)::text"))
          .as("runs completed with the output of all their steps")
          .isEqualTo(RUNS);
      assertThat(sql.count("select count(*) from steps")).isEqualTo((long) STEPS * RUNS);
      assertThat(sql.count("select count(*) from steps where status = 'completed'"))
          .isEqualTo((long) STEPS * RUNS);
      assertThat(sql.strings("select id from runs")).containsExactlyInAnyOrderElementsOf(ids);

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
      List<FileLedger.Start> afterCompletion =
          starts.stream()
              .filter(s -> s.atMillis() > completedAt.get(s.runId() + ":" + s.seq()))
              .toList();
      assertThat(afterCompletion)
          .as("bodies started after their step's completion was recorded")
          .isEmpty();
      Set<String> started = new HashSet<>();
      starts.forEach(s -> started.add(s.runId() + ":" + s.seq()));
      assertThat(started).isEqualTo(completedAt.keySet());
      assertThat(effects).as("every step's effect applied").hasSize(STEPS * RUNS);
      assertThat(starts.stream().map(FileLedger.Start::node).distinct()).hasSize(NODES.size());

      System.out.printf(
          "postgres restarts: %d runs of %d steps on %d nodes (lease ttl %d ms) in %d ms;"
              + " %d body starts for %d steps (%d started again before their completion was"
              + " recorded)%n  %s%n  %s%n  node events: %s%n",
          RUNS,
          STEPS,
          NODES.size(),
          TTL_MILLIS,
          wallMillis,
          starts.size(),
          completedAt.size(),
          starts.size() - started.size(),
          fast,
          immediate,
          nodeEvents());
    }
  }

  /**
   * Once {@code completed} runs have completed, restarts the server in {@code mode} and times the
   * way back: from {@code pg_ctl} returning (it waits until the server accepts connections) until
   * the next run completes, and until every run that was running at the restart has completed.
   */
  private Restart restartWhenCompleted(int completed, String mode) throws Exception {
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
    assertThat(inFlight).as("runs in flight at the restart").isNotEmpty();
    long restartAt = System.nanoTime();
    server.restart(mode);
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
    Restart r =
        new Restart(
            mode,
            TimeUnit.NANOSECONDS.toMillis(back - restartAt),
            inFlight.size(),
            TimeUnit.NANOSECONDS.toMillis(first - back),
            TimeUnit.NANOSECONDS.toMillis(all - back));
    System.out.println("postgres restart: " + r);
    return r;
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

  /** How often each node logged the events of the way back, summed over the nodes. */
  private Map<String, Integer> nodeEvents() throws Exception {
    Pattern event = Pattern.compile("event=([a-z_]+)");
    Map<String, Integer> counts = new HashMap<>();
    for (String node : NODES) {
      Matcher m = event.matcher(Files.readString(nodes.log(node)));
      while (m.find()) {
        counts.merge(m.group(1), 1, Integer::sum);
      }
    }
    return counts;
  }
}
