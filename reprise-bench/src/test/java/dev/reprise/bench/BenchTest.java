package dev.reprise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that every suite runs and reports; it asserts nothing about speed. */
class BenchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everySuiteRunsAtSmokeSizeAndPrintsOneWellFormedJsonObjectPerMeasurement() throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    Path data = dir.resolve("data");
    Path charts = dir.resolve("img");

    int code =
        Bench.run(
            print(out),
            print(err),
            "all",
            "--smoke",
            "--seconds",
            "0.05",
            "--json",
            "--dir",
            data.toString(),
            "--charts",
            charts.toString());

    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(log).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .as(log)
        .isNotEmpty()
        .allSatisfy(
            o -> {
              assertThat(o.isObject()).isTrue();
              for (String field : List.of("suite", "system", "workload", "unit")) {
                assertThat(o.path(field).isTextual()).as(field + " in " + o).isTrue();
              }
              for (String field : List.of("median", "min", "max")) {
                assertThat(o.path(field).isNumber() || o.path("pending").isTextual())
                    .as(field + " is a number, or the figure is pending, in " + o)
                    .isTrue();
              }
              assertThat(o.path("runs").isArray()).as("runs in " + o).isTrue();
            });
    Set<String> suites =
        lines.stream().map(o -> o.get("suite").asText()).collect(Collectors.toSet());
    assertThat(suites)
        .containsExactlyInAnyOrder(
            "embedded", "postgres", "peers", "recovery", "failover", "memory", "keys");
    assertThat(lines)
        .anySatisfy(o -> assertMeasured(o, "embedded", "sqlite", "raw-commits", "FULL"))
        .anySatisfy(o -> assertMeasured(o, "embedded", "sqlite", "raw-commits", "NORMAL"))
        .anySatisfy(
            o -> assertMeasured(o, "embedded", "reprise", "concurrent-256-runs-of-10", "FULL"))
        .anySatisfy(
            o ->
                assertMeasured(
                    o,
                    "embedded",
                    "reprise",
                    "concurrent-64-runs-of-10-step-latency-p99",
                    "NORMAL"))
        .anySatisfy(o -> assertMeasured(o, "peers", "reprise", "c-200-single-step-tasks-sqlite"))
        .anySatisfy(
            o -> assertMeasured(o, "peers", "db-scheduler", "c-200-single-step-tasks-sqlite"))
        .anySatisfy(o -> assertMeasured(o, "peers", "jobrunr", "c-200-single-step-tasks-sqlite"))
        .anySatisfy(
            o ->
                assertMeasured(
                    o, "recovery", "reprise", "sqlite-200-runs-restart-to-all-redispatched"))
        .anySatisfy(o -> assertMeasured(o, "memory", "reprise", "heap-after-gc-200-waiting"))
        .anySatisfy(o -> assertMeasured(o, "keys", "reprise", "distinct-keys"))
        .anySatisfy(o -> assertMeasured(o, "keys", "reprise", "hot-key-limit-1"))
        .anySatisfy(
            o -> assertMeasuredOrPending(o, "postgres", "reprise", "concurrent-64-runs-of-10"))
        .anySatisfy(
            o -> assertMeasuredOrPending(o, "peers", "dbos", "a-100-workflows-of-3-steps-postgres"))
        .anySatisfy(
            o ->
                assertMeasuredOrPending(
                    o, "failover", "reprise", "50-runs-ttl-2s-kill-to-all-running-elsewhere"))
        .anySatisfy(
            o ->
                assertThat(o.path("pending").asText())
                    .as("DBOS is marked as unable to run on SQLite")
                    .contains("no SQLite"));
    assertThat(lines.stream().filter(o -> o.path("pending").asText().startsWith("failed")))
        .as("no peer failed on SQLite")
        .noneMatch(o -> o.get("workload").asText().contains("sqlite"));
    try (var pngs = Files.list(charts)) {
      assertThat(pngs.map(p -> p.getFileName().toString()))
          .contains("embedded-steps-per-s.png", "peers-tasks-per-s.png", "recovery-s.png");
    }
    try (var files = Files.list(data)) {
      assertThat(files).as("database files are removed after each measurement").isEmpty();
    }
  }

  private static void assertMeasured(JsonNode o, String suite, String system, String workload) {
    assertThat(o.get("suite").asText()).isEqualTo(suite);
    assertThat(o.get("system").asText()).isEqualTo(system);
    assertThat(o.get("workload").asText()).isEqualTo(workload);
    assertThat(o.get("median").isNumber()).isTrue();
    assertThat(o.get("runs").size()).isPositive();
  }

  /**
   * Figures on PostgreSQL: measured, or marked pending with the reason when the server cannot be
   * reached (or, shared with other work, had no connection to spare).
   */
  private static void assertMeasuredOrPending(
      JsonNode o, String suite, String system, String workload) {
    assertThat(o.get("suite").asText()).isEqualTo(suite);
    assertThat(o.get("system").asText()).isEqualTo(system);
    assertThat(o.get("workload").asText()).isEqualTo(workload);
    assertThat(o.get("median").isNumber() || o.path("pending").isTextual()).isTrue();
  }

  private static void assertMeasured(
      JsonNode o, String suite, String system, String workload, String synchronous) {
    assertMeasured(o, suite, system, workload);
    assertThat(o.path("synchronous").asText()).isEqualTo(synchronous);
  }

  @Test
  void unknownSuiteIsRefusedWithTheKnownNames() {
    var err = new ByteArrayOutputStream();

    int code =
        Bench.run(print(new ByteArrayOutputStream()), print(err), "bogus", "--dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("embedded, postgres, peers, recovery, failover, memory, keys, all");
  }

  @Test
  void unknownWorkloadIsRefusedWithTheKnownNames() {
    var err = new ByteArrayOutputStream();

    int code =
        Bench.run(
            print(new ByteArrayOutputStream()),
            print(err),
            "--workloads",
            "raw,bogus",
            "--dir",
            dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("raw, batched, concurrent, long-runs");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    var m = new Measurement("w", "reprise", "steps/s", List.of(4.0, 1.0, 3.0, 2.0));

    assertThat(m.median()).isEqualTo(2.5);
    assertThat(m.min()).isEqualTo(1.0);
    assertThat(m.max()).isEqualTo(4.0);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
