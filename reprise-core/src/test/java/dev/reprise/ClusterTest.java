package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.cluster.NodeProcesses;
import dev.reprise.cluster.PgLedger;
import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes as separate JVMs on one PostgreSQL schema, killed and paused with real signals. */
class ClusterTest {
  private static final long TTL_MILLIS = 2000;

  @TempDir Path dir;
  private String schema;
  private String url;
  private NodeProcesses workers;

  @BeforeEach
  void createSchema() throws Exception {
    schema = Postgres.createSchema();
    url = Postgres.url(schema);
    Reprise.builder().postgres(url).buildClient().close(); // creates Reprise's tables
    PgLedger.create(url);
    workers = new NodeProcesses(dir);
  }

  @AfterEach
  void stop() throws Exception {
    if (workers != null) {
      workers.close();
    }
    Postgres.dropSchema(schema);
  }

  private Process worker(String node, long stepMillis) throws Exception {
    return worker(node, TTL_MILLIS, stepMillis);
  }

  private Process worker(String node, long ttlMillis, long stepMillis) throws Exception {
    return workers.start(url, node, Long.toString(ttlMillis), Long.toString(stepMillis));
  }

  private void awaitStarted(String node) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Files.exists(workers.log(node))
                    && Files.readString(workers.log(node)).contains("STARTED " + node));
  }

  private static long held(Jdbc sql, String node) {
    return sql.count(
        "select count(*) from runs where owner = ? and status in ('running', 'compensating')",
        node);
  }

  private List<String> submit(int runs) {
    return submit("three-steps", runs);
  }

  private List<String> submit(String workflow, int runs) {
    List<String> ids = new ArrayList<>();
    try (RepriseClient client = Reprise.builder().postgres(url).buildClient()) {
      for (int i = 0; i < runs; i++) {
        ids.add(client.submitJson(workflow, Integer.toString(i), RunOptions.DEFAULT).id());
      }
    }
    return ids;
  }

  private static void signal(Process p, String signal) throws Exception {
    NodeProcesses.signal(p, signal);
  }

  @Test
  void theOtherNodesFinishTheRunsOfAKilledNodeAndEachEffectHappensOnce() throws Exception {
    int runs = 1000;
    submit(runs);
    Map<String, Process> nodes = new HashMap<>();
    for (String node : List.of("n1", "n2", "n3")) {
      nodes.put(node, worker(node, 25));
    }
    try (Jdbc sql = Jdbc.connect(url)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sql.count("select count(*) from steps where status = 'completed'") >= 600);
      String victim =
          sql.string(
              "select owner from runs where status = 'running' and owner is not null"
                  + " group by owner order by count(*) desc limit 1");
      long held =
          sql.count("select count(*) from runs where status = 'running' and owner = ?", victim);
      nodes.get(victim).destroyForcibly();
      long killedAt = System.nanoTime();
      assertThat(nodes.get(victim).waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(held).isPositive();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sql.count(
                          "select count(*) from runs where owner = ? and status in ('running', 'compensating')",
                          victim)
                      == 0);
      long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
      System.out.printf(
          "cluster: %s held %d runs; taken over %d ms after kill -9 (ttl %d ms)%n",
          victim, held, takeoverMillis, TTL_MILLIS);

      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> sql.count("select count(*) from runs where status = 'completed'") == runs);
      assertThat(sql.count("select count(*) from steps where status = 'completed'"))
          .isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from steps")).isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from runs where recoveries > 0"))
          .as("the killed node's runs were recovered")
          .isPositive();
      assertThat(sql.count("select count(*) from effects")).isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from effects where key <> run_id || ':' || seq"))
          .isZero();
      assertThat(sql.count("select count(*) from executions where rerun"))
          .as("completed steps run again")
          .isZero();
      assertThat(sql.count("select count(distinct node) from executions")).isEqualTo(3);
    }
  }

  @Test
  void aPausedNodeLosesItsRunsAndItsLateWritesAreRejected() throws Exception {
    int runs = 40;
    submit(runs);
    Process paused = worker("paused", 400);
    try (Jdbc sql = Jdbc.connect(url)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sql.count(
                          "select count(*) from runs where owner = 'paused' and status = 'running'")
                      >= 8);
      signal(paused, "STOP");
      Map<String, Long> epochs = new HashMap<>();
      for (String id :
          sql.strings("select id from runs where owner = 'paused' and status = 'running'")) {
        epochs.put(id, sql.count("select epoch from runs where id = ?", id));
      }
      worker("successor", 50);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sql.count(
                          "select count(*) from runs where owner = 'paused' and status = 'running'")
                      == 0);
      // what the paused node had recorded when it lost its runs
      Map<String, List<String>> recorded = new HashMap<>();
      for (Map.Entry<String, Long> held : epochs.entrySet()) {
        recorded.put(held.getKey(), completedUnder(sql, held.getKey(), held.getValue()));
      }
      signal(paused, "CONT");

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sql.count("select count(*) from runs where status = 'completed'") == runs);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(dir.resolve("paused.log")).contains("lease_lost"));

      assertThat(sql.count("select count(*) from steps")).isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from steps where status = 'completed'"))
          .isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from effects")).isEqualTo(3L * runs);
      for (Map.Entry<String, Long> held : epochs.entrySet()) {
        assertThat(sql.count("select epoch from runs where id = ?", held.getKey()))
            .as("taken over under a newer epoch")
            .isGreaterThan(held.getValue());
        assertThat(completedUnder(sql, held.getKey(), held.getValue()))
            .as("nothing recorded under the lost epoch after it was lost")
            .isEqualTo(recorded.get(held.getKey()));
      }
    }
  }

  @Test
  void aNodeResumedAfterItsLeaseExpiredStartsNoBodyThatAnotherNodeAlreadyRan() throws Exception {
    int runs = 48;
    submit("gated-steps", runs);
    Process paused = worker("paused", 300); // 300 ms of workflow code before each step
    try (Jdbc sql = Jdbc.connect(url)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  sql.count(
                          "select count(*) from runs where owner = 'paused' and status = 'running'")
                      >= 12);
      signal(paused, "STOP"); // many of its runs are between steps, about to start a body
      worker("successor", 300);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sql.count("select count(*) from runs where status = 'completed'") >= 12);
      signal(paused, "CONT");
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> sql.count("select count(*) from runs where status = 'completed'") == runs);

      assertThat(
              sql.count(
                  "select count(*) from body_starts b join steps s on s.run_id = b.run_id"
                      + " and s.seq = b.seq where b.node = 'paused' and s.status = 'completed'"
                      + " and s.ended_at < b.at_millis"))
          .as("bodies the resumed node started after another node had completed the step")
          .isZero();
      assertThat(sql.count("select count(*) from effects")).isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from body_starts where node = 'successor'"))
          .isPositive();
    }
  }

  @Test
  void aKilledNodesRunsAreTakenOverWithoutWaitingForItsLease() throws Exception {
    long ttl = 30_000; // the lease alone would keep its runs for 30 s
    int runs = 200;
    submit(runs);
    Process victim = worker("victim", ttl, 200);
    worker("successor", ttl, 200);
    awaitStarted("successor");
    try (Jdbc sql = Jdbc.connect(url)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> held(sql, "victim") >= 8);
      victim.destroyForcibly();
      assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();

      await().atMost(Duration.ofSeconds(5)).until(() -> held(sql, "victim") == 0);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> sql.count("select count(*) from runs where status = 'completed'") == runs);
      assertThat(Files.readString(workers.log("successor")))
          .contains("node_ended_sweep")
          .contains("node=victim");
      assertThat(sql.count("select count(*) from runs where recoveries > 0"))
          .as("the killed node's runs were recovered")
          .isPositive();
      assertThat(sql.count("select count(*) from steps where status = 'completed'"))
          .isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from effects")).isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from executions where rerun"))
          .as("completed steps run again")
          .isZero();
    }
  }

  @Test
  void aPausedNodeKeepsItsRunsUntilTheirLeasesExpire() throws Exception {
    int runs = 40;
    submit(runs);
    Process paused = worker("paused", 3000, 400);
    try (Jdbc sql = Jdbc.connect(url)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> held(sql, "paused") >= 8);
      signal(paused, "STOP");
      Map<String, Long> epochs = new HashMap<>();
      Map<String, Long> leases = new HashMap<>();
      for (String id :
          sql.strings("select id from runs where owner = 'paused' and status = 'running'")) {
        epochs.put(id, sql.count("select epoch from runs where id = ?", id));
        leases.put(id, sql.count("select lease_until from runs where id = ?", id));
      }
      worker("successor", 3000, 50);
      Map<String, Long> firstSeenTaken = new HashMap<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                for (Map.Entry<String, Long> run : epochs.entrySet()) {
                  if (!firstSeenTaken.containsKey(run.getKey())
                      && sql.count("select epoch from runs where id = ?", run.getKey())
                          > run.getValue()) {
                    firstSeenTaken.put(run.getKey(), sql.count(NOW_MILLIS));
                  }
                }
                return firstSeenTaken.size() == epochs.size();
              });
      for (Map.Entry<String, Long> taken : firstSeenTaken.entrySet()) {
        assertThat(taken.getValue())
            .as("seen taken over (database time) no earlier than its lease expired")
            .isGreaterThanOrEqualTo(leases.get(taken.getKey()));
      }
      assertThat(Files.readString(workers.log("successor")))
          .contains("recovery_sweep")
          .doesNotContain("node_ended_sweep");
      signal(paused, "CONT");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sql.count("select count(*) from runs where status = 'completed'") == runs);
      assertThat(sql.count("select count(*) from effects")).isEqualTo(3L * runs);
    }
  }

  @Test
  void aNodeWhoseLockSessionEndsStartsNoBodyForARunAnotherNodeTookMeanwhile() throws Exception {
    long ttl = 30_000; // only the session lock can move runs early
    int runs = 48;
    submit("gated-steps", runs);
    worker("cut", ttl, 300);
    worker("other", ttl, 300);
    awaitStarted("other");
    try (Jdbc sql = Jdbc.connect(url)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> held(sql, "cut") >= 8);
      // while this trigger stands, the cut node cannot name a new lock in its row: the other node
      // takes its runs over under the lost one
      sql.update(
          "create function refuse_relock() returns trigger language plpgsql"
              + " as $$ begin raise exception 'refused by the test'; end $$");
      sql.update(
          "create trigger refuse_relock before update of lock_key on nodes for each row"
              + " when (old.id = 'cut') execute function refuse_relock()");
      long terminated =
          sql.count(
              "select count(pg_terminate_backend(l.pid)) from pg_locks l join nodes n"
                  + " on n.lock_key = ((l.classid::bigint << 32) | l.objid::bigint)"
                  + " where l.locktype = 'advisory' and l.objsubid = 1 and n.id = 'cut'");
      assertThat(terminated).isEqualTo(1);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(workers.log("other")).contains("node=cut"));
      sql.update("drop trigger refuse_relock on nodes");

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> sql.count("select count(*) from runs where status = 'completed'") == runs);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                String log = Files.readString(workers.log("cut"));
                return log.contains("node_session_lost")
                    && log.contains("node_session_relocked")
                    && log.contains("lease_lost");
              });
      assertThat(
              sql.count(
                  "select count(*) from body_starts b join steps s on s.run_id = b.run_id"
                      + " and s.seq = b.seq where b.node = 'cut' and s.status = 'completed'"
                      + " and s.ended_at < b.at_millis"))
          .as("bodies the cut node started after another node had completed the step")
          .isZero();
      assertThat(sql.count("select count(*) from body_starts where node = 'other'")).isPositive();
      assertThat(sql.count("select count(*) from effects")).isEqualTo(3L * runs);
      assertThat(sql.count("select count(*) from steps where status = 'completed'"))
          .isEqualTo(3L * runs);
    }
  }

  private static final String NOW_MILLIS =
      "select (extract(epoch from clock_timestamp()) * 1000)::bigint";

  private static List<String> completedUnder(Jdbc sql, String runId, long epoch) {
    return sql.strings(
        "select seq || ':' || output from steps where run_id = ? and epoch = ?"
            + " and status = 'completed' order by seq",
        runId,
        epoch);
  }
}
