package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's lifecycle, with real processes and real signals. */
class DaemonLifecycleTest {
  @TempDir Path dir;

  private String submitHold(DaemonProcess d, Path release) throws Exception {
    var submitted =
        d.post(
            "/api/runs",
            "{\"workflow\":\"hold\",\"input\":{\"file\":"
                + DaemonProcess.JSON.writeValueAsString(release.toString())
                + "}}");
    assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(200);
    String id = submitted.body().path("id").asText();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> d.get("/api/runs/" + id).body().path("steps").path(0).path("status").asText(),
            "executing"::equals);
    return id;
  }

  @Test
  void aSecondDaemonOnTheSameDataDirIsRefusedNamingTheFirstOnesPid() throws Exception {
    Path data = dir.resolve("data");
    try (DaemonProcess first = DaemonProcess.started(data);
        DaemonProcess second = DaemonProcess.start(data)) {

      assertThat(second.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(second.stderr())
          .contains("another daemon (pid " + first.pid() + ")")
          .contains("daemon.pid");
      JsonNode error = second.lastStdoutLine();
      assertThat(error.path("error").asText()).isEqualTo("already_running");
      assertThat(error.path("message").asText()).contains("another daemon (pid " + first.pid());
      assertThat(first.isAlive()).isTrue();
      assertThat(first.get("/api/health").status()).isEqualTo(200);
    }
  }

  @Test
  void aDaemonOfAnotherDataDirOnTheSameDatabaseIsRefusedNamingTheProcessThatExecutesIt()
      throws Exception {
    Map<String, String> env = Map.of("REPRISE_SQLITE_PATH", dir.resolve("shared.db").toString());
    try (DaemonProcess first = DaemonProcess.start(dir.resolve("a"), env)) {
      first.awaitEvent("daemon_started");
      try (DaemonProcess second = DaemonProcess.start(dir.resolve("b"), env)) {
        assertThat(second.awaitExit(Duration.ofSeconds(60))).contains(1);
        JsonNode error = second.lastStdoutLine();
        assertThat(error.path("error").asText()).isEqualTo("start_failed");
        assertThat(error.path("message").asText())
            .contains("another process executes its runs (pid " + first.pid() + ")");
        assertThat(second.events("process_exiting")).as("a stop of its own").isEmpty();
      }
      assertThat(first.get("/api/health").status()).isEqualTo(200);
    }
  }

  @Test
  void killNineLeavesAStaleLockThatARestartTakesOverAndTheInterruptedRunRecovers()
      throws Exception {
    Path data = dir.resolve("data");
    Path release = dir.resolve("release");
    String id;
    long oldPid;
    try (DaemonProcess first = DaemonProcess.started(data)) {
      id = submitHold(first, release);
      oldPid = first.pid();
      first.killHard();
    }
    assertThat(Files.readString(data.resolve("run/daemon.pid")).strip())
        .as("kill -9 leaves the file behind, with the dead PID")
        .isEqualTo(Long.toString(oldPid));

    try (DaemonProcess restarted = DaemonProcess.started(data)) {
      JsonNode recovery = restarted.awaitEvent("recovery");
      assertThat(recovery.path("runs_restarted").asInt()).isEqualTo(1);
      assertThat(recovery.path("steps_reset").asInt()).isEqualTo(1);
      assertThat(Files.readString(data.resolve("run/daemon.pid")).strip())
          .isEqualTo(Long.toString(restarted.pid()));

      Files.writeString(release, "go");
      JsonNode run = restarted.awaitRun(id, "completed");
      assertThat(run.path("output").asText()).isEqualTo("released-after");
      assertThat(run.path("recoveries").asInt()).isEqualTo(1);
    }
  }

  @Test
  void hupWithBrokenYamlKeepsTheOldConfigAndAGoodFileIsThenApplied() throws Exception {
    Path data = dir.resolve("data");
    Path config = dir.resolve("reprise.yaml");
    Files.writeString(config, "sweep_interval: 30s\nlog:\n  level: info\n");
    try (DaemonProcess d = DaemonProcess.started(data, "--config", config.toString())) {
      Assumptions.assumeTrue(
          d.events("signal_not_handled").stream()
              .noneMatch(e -> e.path("signal").asText().equals("HUP")),
          "these tests run with SIGHUP ignored (under nohup?): " + d.events("signal_not_handled"));
      Files.writeString(config, "sweep_interval: [30s\nlog: {level: debug");
      d.signal("HUP");

      JsonNode failed = d.awaitEvent("config_reload_failed");
      assertThat(failed.path("error").asText()).contains("not valid YAML");
      JsonNode status = d.get("/api/status").body();
      assertThat(status.path("config").path("sweep_interval").asText()).isEqualTo("30s");
      assertThat(status.path("last_reload").path("ok").asBoolean()).isFalse();
      assertThat(status.path("last_reload").path("error").asText()).contains("not valid YAML");

      Files.writeString(config, "sweep_interval: 45s\nsurprise: 1\n");
      d.signal("HUP");
      JsonNode unknown = d.awaitEvent("config_reload_failed", 1);
      assertThat(unknown.path("error").asText()).contains("unknown key 'surprise'");
      assertThat(unknown.path("key").asText()).isEqualTo("surprise");

      Files.writeString(config, "sweep_interval: 45s\nengine:\n  concurrency: 8\n");
      d.signal("HUP");
      JsonNode reloaded = d.awaitEvent("config_reloaded");
      assertThat(reloaded.path("changed").toString()).contains("sweep_interval");
      assertThat(reloaded.path("restart_required").toString()).contains("engine.concurrency");
      status = d.get("/api/status").body();
      assertThat(status.path("config").path("sweep_interval").asText()).isEqualTo("45s");
      assertThat(status.path("last_reload").path("ok").asBoolean()).isTrue();
      assertThat(d.isAlive()).isTrue();
    }
  }

  @Test
  void aHupItsParentLeftIgnoredIsNamedAtStartInsteadOfSilentlyDoingNothing() throws Exception {
    try (DaemonProcess d = DaemonProcess.startWithHupIgnored(dir.resolve("data"))) {
      d.awaitEvent("daemon_started");
      assertThat(d.events("signal_not_handled"))
          .anySatisfy(
              e -> {
                assertThat(e.path("signal").asText()).isEqualTo("HUP");
                assertThat(e.path("why").asText()).contains("ignored");
              });
      d.signal("TERM");
      assertThat(d.awaitExit(Duration.ofSeconds(60))).as("TERM still stops it").contains(0);
    }
  }

  @Test
  void usr1WritesAStatusLine() throws Exception {
    try (DaemonProcess d = DaemonProcess.started(dir.resolve("data"))) {
      d.signal("USR1");

      JsonNode status = d.awaitEvent("daemon_status");
      assertThat(status.path("state").asText()).isEqualTo("running");
      assertThat(status.path("pid").asLong()).isEqualTo(d.pid());
      assertThat(status.path("runs").has("failed_compensation")).isTrue();
      assertThat(status.path("ticks").asLong()).isPositive();
      assertThat(status.path("mailbox_size").isInt()).isTrue();
      assertThat(status.path("uptime_seconds").isIntegralNumber()).isTrue();
      assertThat(status.path("config").path("graceful_timeout").asText()).isEqualTo("30s");
    }
  }

  @Test
  void termLetsTheInFlightStepFinishThenExitsZeroAndReleasesTheLock() throws Exception {
    Path data = dir.resolve("data");
    Path release = dir.resolve("release");
    String id;
    try (DaemonProcess d = DaemonProcess.started(data)) {
      id = submitHold(d, release);

      d.signal("TERM");
      d.awaitEvent("daemon_drain_begin");
      assertThat(d.get("/api/ready").status()).isEqualTo(503);
      Files.writeString(release, "go");

      assertThat(d.awaitExit(Duration.ofSeconds(60))).contains(0);
      assertThat(d.events("daemon_stopped"))
          .singleElement()
          .satisfies(e -> assertThat(e.path("how").asText()).isEqualTo("drained"));
    }
    assertThat(data.resolve("run/daemon.json")).doesNotExist();
    assertThat(Files.readString(data.resolve("run/daemon.pid"))).isEmpty();

    var export = dev.reprise.daemon.Cli.reprise("export", id, "--data-dir", data.toString());
    assertThat(export.exitCode()).as(export.describe()).isZero();
    JsonNode hold = DaemonProcess.JSON.readTree(export.outLines().get(1));
    assertThat(hold.path("name").asText()).isEqualTo("hold");
    assertThat(hold.path("status").asText())
        .as("the step in flight at TERM finished before the exit")
        .isEqualTo("completed");
  }

  @Test
  void aSecondTermStopsAtOnceWithoutWaitingForTheDrain() throws Exception {
    Path data = dir.resolve("data");
    try (DaemonProcess d = DaemonProcess.start(data, Map.of("REPRISE_GRACEFUL_TIMEOUT", "10m"))) {
      d.awaitEvent("daemon_started");
      submitHold(d, dir.resolve("never"));

      d.signal("TERM");
      d.awaitEvent("daemon_drain_begin");
      d.signal("TERM");

      assertThat(d.awaitExit(Duration.ofSeconds(30))).contains(1);
      assertThat(d.events("daemon_shutdown_forced")).hasSize(1);
      assertThat(d.lastStdoutLine().path("error").asText()).isEqualTo("shutdown_forced");
    }
  }

  @Test
  void aBadConfigOrAnUnreachableStoreStopsTheStartWithAnErrorNamingIt() throws Exception {
    Path data = dir.resolve("data");
    Path config = Files.writeString(dir.resolve("bad.yaml"), "graceful_timout: 5s\n");
    try (DaemonProcess bad = DaemonProcess.start(data, "--config", config.toString())) {
      assertThat(bad.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(bad.stderr()).contains("unknown key 'graceful_timout'");
      assertThat(bad.lastStdoutLine().path("error").asText()).isEqualTo("invalid_config");
    }
    try (DaemonProcess postgres =
        DaemonProcess.start(
            data,
            Map.of(
                "REPRISE_STORE",
                "postgres",
                "REPRISE_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:1/none"))) {
      assertThat(postgres.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(postgres.stderr()).contains("127.0.0.1:1");
      JsonNode error = postgres.lastStdoutLine();
      assertThat(error.path("error").asText()).isEqualTo("start_failed");
      assertThat(error.path("message").asText()).contains("127.0.0.1:1");
    }
    try (DaemonProcess password =
        DaemonProcess.start(
            data,
            Map.of(
                "REPRISE_STORE",
                "postgres",
                "REPRISE_POSTGRES_URL",
                "jdbc:postgresql://reprise:s3cret@127.0.0.1:1/none",
                "REPRISE_LOG_LEVEL",
                "debug"))) {
      assertThat(password.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(password.stderr()).contains("reprise:***@").doesNotContain("s3cret");
      assertThat(String.join("\n", password.stdout())).doesNotContain("s3cret");
    }
    try (DaemonProcess fine = DaemonProcess.started(data)) {
      assertThat(fine.get("/api/ready").status())
          .as("a failed start leaves no lock behind")
          .isEqualTo(200);
    }
  }
}
