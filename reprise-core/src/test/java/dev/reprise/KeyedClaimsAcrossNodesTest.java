package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.cluster.KeyedOverlap;
import dev.reprise.cluster.NodeProcesses;
import dev.reprise.cluster.PgLedger;
import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Postgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrency keys across three node processes on one PostgreSQL schema: every node claims the
 * keyed runs at once, and no key ever has more runs inside their step than its limit.
 */
class KeyedClaimsAcrossNodesTest {
  @TempDir Path dir;
  private String schema;
  private String url;
  private NodeProcesses nodes;

  @BeforeEach
  void createSchema() throws Exception {
    schema = Postgres.createSchema();
    url = Postgres.url(schema);
    Reprise.builder().postgres(url).buildClient().close(); // creates Reprise's tables
    PgLedger.create(url);
    KeyedOverlap.create(url);
    nodes = new NodeProcesses(dir);
  }

  @AfterEach
  void stop() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
    Postgres.dropSchema(schema);
  }

  @Test
  void threeNodesNeverRunMoreRunsOfAKeyThanItsLimit() throws Exception {
    List<String> ids = new ArrayList<>();
    try (RepriseClient client = Reprise.builder().postgres(url).buildClient()) {
      client.concurrencyLimit("tenant", 3);
      // submitted before the nodes start, so that all three find them at once
      for (int round = 0; round < 4; round++) {
        for (int c = 0; c < 8; c++) {
          String key = "customer=c-" + c;
          ids.add(
              client
                  .submitJson(
                      "keyed-overlap",
                      "\"" + key + "\"",
                      RunOptions.DEFAULT.withConcurrencyKey("customer", "c-" + c))
                  .id());
        }
        for (int t = 0; t < 4; t++) {
          ids.add(
              client
                  .submitJson(
                      "keyed-overlap",
                      "\"tenant=acme\"",
                      RunOptions.DEFAULT.withConcurrencyKey("tenant", "acme"))
                  .id());
        }
      }
      List<Process> started = new ArrayList<>();
      for (String node : List.of("n1", "n2", "n3")) {
        started.add(nodes.start(url, node, "10000", "20"));
      }
      for (int i = 0; i < 3; i++) {
        nodes.awaitStarted(started.get(i), "n" + (i + 1), Duration.ofSeconds(60));
      }
      await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  client
                          .runs(RunFilter.all().withStatus(RunStatus.COMPLETED).withLimit(1000))
                          .size()
                      == ids.size());
    }
    try (Jdbc sql = Jdbc.connect(url)) {
      assertThat(sql.count("select count(*) from keyed_seen")).isEqualTo(ids.size());
      assertThat(
              sql.count(
                  "select coalesce(max(inside), 0) from keyed_seen where key like 'customer=%'"))
          .as("runs of one customer inside at once")
          .isEqualTo(1);
      assertThat(sql.count("select max(inside) from keyed_seen where key = 'tenant=acme'"))
          .as("runs of the tenant inside at once")
          .isBetween(1L, 3L);
      // the check above means something only when the nodes shared the runs; one node may win
      // every claim when it comes up first and the others find nothing left
      Assumptions.assumeTrue(
          sql.count("select count(distinct owner) from runs") > 1,
          "one node ran every run: no contention between nodes to check");
    }
  }
}
