package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.Cli.Result;
import dev.reprise.daemon.server.DaemonProcess.Answer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids are checked at the API and the CLI as in the library; ids stored before the rules stay
 * reachable through percent-encoded paths, and never reach a terminal raw.
 */
class IdsOverApiTest {
  /** Ids that no field takes, as JSON string literals. */
  static final List<String> BAD_JSON =
      List.of(
          "\"..\"",
          "\".\"",
          "\"a/b\"",
          "\"a\\u0000b\"",
          "\"bell\\u0007\"",
          "\"line\\nbreak\"",
          "\"\\u202Eevil\"",
          "\"x\\u2066y\"",
          "\"" + "x".repeat(1001) + "\"");

  @TempDir static Path dir;
  static DaemonProcess daemon;
  static String waiting;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.started(dir.resolve("data"));
    waiting =
        daemon
            .post(
                "/api/runs",
                "{\"workflow\":\"expense\",\"input\":{\"claimId\":\"c\",\"employee\":\"e\",\"amountCents\":1}}")
            .body()
            .path("id")
            .asText();
    daemon.awaitRun(waiting, "waiting");
  }

  @AfterAll
  static void stopDaemon() {
    daemon.close();
  }

  private static void refused(String path, String body, String field) throws Exception {
    Answer a = daemon.post(path, body);
    assertThat(a.status()).as(path + " " + body).isEqualTo(400);
    assertThat(a.body().path("field").asText()).as(path + " " + body).isEqualTo(field);
    assertThat(a.body().path("message").asText())
        .doesNotContain("\u0000", "\u202E", "\u0007", "\u2066");
  }

  @Test
  void everyBadIdIsA400NamingTheFieldAtEveryApiEntryAndNothingIsStored() throws Exception {
    int runs = daemon.get("/api/runs?limit=1000").body().path("runs").size();
    String expense =
        "\"workflow\":\"expense\",\"input\":{\"claimId\":\"c\",\"employee\":\"e\",\"amountCents\":1}";
    String run = "/api/runs/" + waiting;
    for (String bad : BAD_JSON) {
      refused("/api/runs", "{" + expense + ",\"run_id\":" + bad + "}", "run_id");
      refused("/api/runs", "{" + expense + ",\"idempotency_key\":" + bad + "}", "idempotency_key");
      refused(run + "/signal", "{\"name\":" + bad + "}", "name");
      refused(run + "/approve", "{\"gate\":" + bad + ",\"actor\":\"a\",\"reason\":\"r\"}", "gate");
      refused(run + "/reject", "{\"gate\":\"g\",\"actor\":" + bad + ",\"reason\":\"r\"}", "actor");
      refused(run + "/cancel", "{\"actor\":" + bad + "}", "actor");
      refused(
          "/api/schedules",
          "{\"name\":" + bad + ",\"cron\":\"0 3 * * *\"," + expense + "}",
          "name");
    }
    assertThat(daemon.get("/api/runs?limit=1000").body().path("runs").size()).isEqualTo(runs);
    assertThat(daemon.get("/api/schedules").body().path("schedules")).isEmpty();
    assertThat(daemon.get(run).body().path("status").asText()).isEqualTo("waiting");
  }

  @Test
  void everyBadIdIsAUsageErrorAtTheCliAndNothingIsSent() {
    String d = dir.resolve("no-daemon-here").toString();
    for (String bad : List.of("..", "a/b", "bell\u0007", "\u202Eevil", "x".repeat(501))) {
      Result submit = reprise("submit", "expense", "--idempotency-key", bad, "--data-dir", d);
      assertThat(submit.exitCode()).as(submit.describe()).isEqualTo(2);
      assertThat(submit.err()).contains("--idempotency-key").doesNotContain("\u202E");
      Result signal = reprise("signal", "run-1", bad, "--data-dir", d);
      assertThat(signal.exitCode()).as(signal.describe()).isEqualTo(2);
      assertThat(signal.err()).contains("NAME");
      Result approve =
          reprise("approve", "run-1", "finance", "--actor", bad, "--reason", "r", "--data-dir", d);
      assertThat(approve.exitCode()).as(approve.describe()).isEqualTo(2);
      assertThat(approve.err()).contains("--actor");
      Result schedule =
          reprise(
              "schedules",
              "create",
              bad,
              "--cron",
              "0 3 * * *",
              "--workflow",
              "expense",
              "--data-dir",
              d);
      assertThat(schedule.exitCode()).as(schedule.describe()).isEqualTo(2);
      assertThat(schedule.err()).contains("NAME");
      Result cancel = reprise("cancel", "run-1", "--actor", bad, "--data-dir", d);
      assertThat(cancel.exitCode()).as(cancel.describe()).isEqualTo(2);
    }
  }

  @Test
  void runsAndSchedulesStoredUnderBadIdsAreReachedThroughEncodedPathsAndCleanedUp()
      throws Exception {
    List<String> ids = List.of("..", ".", "a\u0000b", "\u202Eevil", "a/b");
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/reprise.db"));
        Statement s = c.createStatement()) {
      s.execute("pragma busy_timeout = 10000");
      for (String id : ids) {
        try (PreparedStatement run =
            c.prepareStatement(
                "insert into runs (id, namespace, workflow, status, input, created_at, updated_at)"
                    + " values (?, 'default', 'expense', 'failed_compensation', 'null', 1000, 1000)")) {
          run.setString(1, id);
          run.executeUpdate();
        }
        try (PreparedStatement schedule =
            c.prepareStatement(
                "insert into schedules (namespace, name, cron, zone, workflow, input, misfire,"
                    + " next_fire_at, created_at) values ('default', ?, '0 3 1 1 *', 'UTC',"
                    + " 'expense', 'null', 'skip', 4102444800000, 1000)")) {
          schedule.setString(1, id);
          schedule.executeUpdate();
        }
      }
    }
    for (String id : ids) {
      String path = encoded(id);
      Answer run = daemon.get("/api/runs/" + path);
      assertThat(run.status()).as(path).isEqualTo(200);
      assertThat(run.body().path("id").asText()).isEqualTo(id);
      Answer resolved = daemon.post("/api/runs/" + path + "/resolve", "{\"note\":\"legacy id\"}");
      assertThat(resolved.status()).as(resolved.body().toString()).isEqualTo(200);
      assertThat(resolved.body().path("status").asText()).isEqualTo("failed");
      Answer paused = daemon.post("/api/schedules/" + path + "/pause", "");
      assertThat(paused.status()).as(paused.body().toString()).isEqualTo(200);
      assertThat(paused.body().path("paused").asBoolean()).isTrue();
    }
    assertThat(daemon.getWithoutToken("/api/runs/" + encoded("..")).status()).isEqualTo(401);

    String d = dir.resolve("data").toString();
    Result listed = reprise("runs", "--status", "failed", "--data-dir", d);
    assertThat(listed.exitCode()).as(listed.describe()).isZero();
    assertThat(listed.out()).contains("\\u202Eevil").doesNotContain("\u202E").contains("a\\u0000b");
    Result shown = reprise("show", "\u202Eevil", "--data-dir", d);
    assertThat(shown.exitCode()).as(shown.describe()).isZero();
    assertThat(shown.out()).contains("\\u202Eevil").contains("resolve by api: legacy id");
    for (String id : List.of("..", ".", "\u202Eevil", "a/b")) {
      Result deleted = reprise("schedules", "delete", id, "--data-dir", d);
      assertThat(deleted.exitCode()).as(deleted.describe()).isZero();
    }
    Result nul = reprise("schedules", "delete", "a\\u0000b", "--data-dir", d);
    assertThat(nul.exitCode()).as("the id as 'runs' prints it: " + nul.describe()).isZero();
    Result nulRun = reprise("show", "a\\u0000b", "--data-dir", d);
    assertThat(nulRun.exitCode()).as(nulRun.describe()).isZero();
    assertThat(nulRun.out()).contains("a\\u0000b");
    JsonNode left = daemon.get("/api/schedules").body().path("schedules");
    assertThat(left).isEmpty();
  }

  private static String encoded(String id) {
    StringBuilder b = new StringBuilder();
    for (byte c : id.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      b.append(String.format("%%%02X", c & 0xff));
    }
    return b.toString();
  }
}
