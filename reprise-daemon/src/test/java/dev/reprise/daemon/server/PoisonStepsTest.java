package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static dev.reprise.daemon.server.DaemonProcess.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.Cli.Result;
import dev.reprise.daemon.server.DaemonProcess.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steps that do what user code should not ({@link PoisonWorkflows}), in real daemon processes: end
 * the process, overflow the stack, never return. The daemon leaves a trace, stays up or comes back
 * up, keeps its log JSON, and every run can still be ended.
 */
class PoisonStepsTest {
  @TempDir Path dir;

  private static String submit(DaemonProcess d, String workflow, Path file) throws Exception {
    String input = "{\"file\":" + JSON.writeValueAsString(file.toString()) + "}";
    Answer a = d.post("/api/runs", "{\"workflow\":\"" + workflow + "\",\"input\":" + input + "}");
    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    return a.body().path("id").asText();
  }

  /** Every line the daemon wrote to stdout is one JSON object: no raw stack trace among them. */
  private static void assertJsonLinesOnly(DaemonProcess d) {
    assertThat(d.stdout())
        .as(d.describe())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(JSON.readTree(line).isObject()).as(line).isTrue());
  }

  /** A first daemon, whose run of {@code exit} ends its process; returns the run's id. */
  private String runUntilTheProcessEnds(Path data, Path gate, Map<String, String> env)
      throws Exception {
    try (DaemonProcess first = DaemonProcess.start(data, env)) {
      first.awaitEvent("daemon_started");
      String id = submit(first, "exit", gate);
      Files.writeString(gate, "go");

      assertThat(first.awaitExit(Duration.ofSeconds(60))).contains(PoisonWorkflows.EXIT_STATUS);
      assertThat(first.events("process_exiting"))
          .as(first.describe())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.path("level").asText()).isEqualTo("error");
                assertThat(e.path("state").asText()).isEqualTo("running");
                assertThat(e.path("runs_in_flight").toString()).contains(id);
              });
      assertJsonLinesOnly(first);
      return id;
    }
  }

  @Test
  void aStepThatEndsTheProcessIsQuarantinedAfterTheCrashLoopLimitAndCancelEndsItWithoutRunningIt()
      throws Exception {
    Path data = dir.resolve("data");
    Path gate = dir.resolve("gate");
    int limit = 2;
    Map<String, String> env = Map.of("REPRISE_CRASH_LOOP_LIMIT", Integer.toString(limit));
    String id = runUntilTheProcessEnds(data, gate, env);

    int exits = 1;
    DaemonProcess up = null;
    for (int restart = 1; up == null; restart++) {
      assertThat(restart).as("restarts until the run is quarantined").isLessThanOrEqualTo(limit);
      DaemonProcess d = DaemonProcess.start(data, env);
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  !d.isAlive()
                      || d.get("/api/runs/" + id).body().path("status").asText().equals("waiting"));
      if (d.isAlive()) {
        up = d;
      } else {
        assertThat(d.awaitExit(Duration.ofSeconds(30))).contains(PoisonWorkflows.EXIT_STATUS);
        assertThat(d.events("process_exiting")).as(d.describe()).hasSize(1);
        assertJsonLinesOnly(d);
        exits++;
        d.close();
      }
    }

    try (DaemonProcess d = up) {
      assertThat(exits).as("the process ended once per start until the limit").isEqualTo(limit);
      JsonNode started = d.awaitEvent("daemon_started");
      assertThat(started.path("runs_quarantined").asInt()).isEqualTo(1);
      assertThat(started.path("crash_loop_limit").asInt()).isEqualTo(limit);
      assertThat(started.path("exit_on_out_of_memory").asBoolean()).isTrue();

      JsonNode run = d.get("/api/runs/" + id).body();
      JsonNode waiting = run.path("waiting_for");
      assertThat(waiting.path("kind").asText()).isEqualTo("operator");
      assertThat(waiting.path("cause").asText()).isEqualTo("crash_loop");
      assertThat(waiting.path("reason").asText()).contains("quarantined").contains("'exit'");

      String d1 = data.toString();
      Result shown = reprise("show", id, "--data-dir", d1);
      assertThat(shown.out())
          .as(shown.describe())
          .contains("BLOCKED: quarantined after a crash loop")
          .contains("reprise resume " + id)
          .contains("reprise cancel " + id);
      Result listed = reprise("runs", "--status", "waiting", "--data-dir", d1);
      assertThat(listed.outLines())
          .as(listed.describe())
          .anySatisfy(l -> assertThat(l).contains(id).contains("for operator: crash_loop"));

      Result cancel =
          reprise("cancel", id, "--reason", "its step ends the process", "--data-dir", d1);
      assertThat(cancel.exitCode()).as(cancel.describe()).isZero();
      JsonNode cancelled = d.awaitRun(id, "cancelled");
      assertThat(dir.resolve("gate.undone")).as("the completed step was compensated").exists();
      assertThat(cancelled.path("waiting_for").isNull()).isTrue();
      assertThat(d.isAlive()).as("the step did not run again").isTrue();
      assertThat(d.events("process_exiting")).isEmpty();
      assertThat(d.get("/api/health").status()).isEqualTo(200);
      assertJsonLinesOnly(d);
    }
  }

  @Test
  void withTheDaemonDownACancelOnTheStoreEndsARunThatKeepsEndingTheProcess() throws Exception {
    Path data = dir.resolve("data");
    Path gate = dir.resolve("gate");
    // no quarantine: the daemon cannot stay up while the run is there
    Map<String, String> env = Map.of("REPRISE_CRASH_LOOP_LIMIT", "0");
    String id = runUntilTheProcessEnds(data, gate, env);

    Result cancel =
        reprise(
            "cancel",
            id,
            "--db",
            data.resolve("reprise.db").toString(),
            "--reason",
            "its step ends the process",
            "--actor",
            "ops-1");
    assertThat(cancel.exitCode()).as(cancel.describe()).isZero();
    assertThat(cancel.out())
        .contains("cancel recorded in")
        .contains("ends cancelled when a daemon takes it up");

    try (DaemonProcess d = DaemonProcess.start(data, env)) {
      d.awaitEvent("daemon_started");
      JsonNode cancelled = d.awaitRun(id, "cancelled");
      assertThat(cancelled.path("error_message").asText()).contains("its step ends the process");
      assertThat(cancelled.path("audit"))
          .anySatisfy(
              a -> {
                assertThat(a.path("action").asText()).isEqualTo("cancel");
                assertThat(a.path("actor").asText()).isEqualTo("ops-1");
              });
      assertThat(dir.resolve("gate.undone")).exists();
      assertThat(d.isAlive()).as("the step did not run again").isTrue();
      assertThat(d.events("process_exiting")).isEmpty();
    }
  }

  @Test
  void aStepThatRunsOutOfMemoryEndsTheProcessAndTheCrashLoopRuleAppliesToItsRun() throws Exception {
    Path data = dir.resolve("data");
    Path gate = dir.resolve("gate");
    // a small heap, under the launcher's -XX:+ExitOnOutOfMemoryError (DaemonProcess passes it)
    Map<String, String> env =
        Map.of("REPRISE_CRASH_LOOP_LIMIT", "1", "JAVA_TOOL_OPTIONS", "-Xmx128m");
    String id;
    try (DaemonProcess first = DaemonProcess.start(data, env)) {
      first.awaitEvent("daemon_started");
      id = submit(first, "hog", gate);
      Files.writeString(gate, "go");
      assertThat(first.awaitExit(Duration.ofSeconds(120))).contains(3);
      assertThat(first.stderr()).contains("Terminating due to java.lang.OutOfMemoryError");
      assertJsonLinesOnly(first);
    }
    try (DaemonProcess d = DaemonProcess.start(data, env)) {
      d.awaitEvent("daemon_started");
      JsonNode run = d.awaitRun(id, "waiting");
      assertThat(run.path("waiting_for").path("cause").asText()).isEqualTo("crash_loop");
      assertThat(run.path("waiting_for").path("reason").asText()).contains("'hog'");
      assertThat(d.post("/api/runs/" + id + "/cancel", "{}").status()).isEqualTo(200);
      d.awaitRun(id, "cancelled");
      assertThat(d.isAlive()).isTrue();
    }
  }

  @Test
  void aStackOverflowFailsItsRunAndTheDaemonGoesOnWritingJsonLinesOnly() throws Exception {
    try (DaemonProcess d = DaemonProcess.started(dir.resolve("data"))) {
      String deep = submit(d, "deep", dir.resolve("unused"));
      JsonNode failed = d.awaitRun(deep, "failed");
      assertThat(failed.toString()).contains("StackOverflowError");

      String stray = submit(d, "stray-thread", dir.resolve("unused"));
      d.awaitRun(stray, "completed");
      JsonNode uncaught = d.awaitEvent("uncaught_exception");
      assertThat(uncaught.path("thread").asText()).isEqualTo("user-stray");
      assertThat(uncaught.path("error").asText()).startsWith("java.lang.StackOverflowError");
      assertThat(d.stderr()).doesNotContain("Exception in thread");

      assertThat(d.isAlive()).isTrue();
      assertThat(d.get("/api/health").status()).isEqualTo(200);
      assertJsonLinesOnly(d);
    }
  }

  @Test
  void cancelEndsARunWhoseStepNeverReturnsAndTheDaemonKeepsRunningOthers() throws Exception {
    Path data = dir.resolve("data");
    try (DaemonProcess d = DaemonProcess.start(data, Map.of("REPRISE_GRACEFUL_TIMEOUT", "1s"))) {
      d.awaitEvent("daemon_started");
      String stuck = submit(d, "stuck", dir.resolve("unused"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  d.get("/api/runs/" + stuck).body().path("steps").path(0).path("status").asText(),
              "executing"::equals);

      Result cancel = reprise("cancel", stuck, "--data-dir", data.toString());
      assertThat(cancel.exitCode()).as(cancel.describe()).isZero();
      d.awaitRun(stuck, "cancelled");
      assertThat(d.awaitEvent("body_fenced").path("run_id").asText()).isEqualTo(stuck);

      Path release = Files.writeString(dir.resolve("release"), "go");
      d.awaitRun(submit(d, "hold", release), "completed");
      assertJsonLinesOnly(d);
    }
  }
}
