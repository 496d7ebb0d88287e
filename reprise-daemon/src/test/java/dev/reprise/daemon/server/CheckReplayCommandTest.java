package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.Cli.Result;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reprise check-replay}: the workflows at hand against the runs in flight, read-only. */
class CheckReplayCommandTest {
  @TempDir Path dir;

  @Test
  void runsInFlightThatReplayPassAndARunWhoseJournalTheCodeDoesNotMatchIsNamed() throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    String waiting;
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      waiting =
          daemon
              .post(
                  "/api/runs",
                  "{\"workflow\":\"expense\",\"input\":{\"claimId\":\"c-1\",\"employee\":\"e-17\","
                      + "\"amountCents\":4200}}")
              .body()
              .path("id")
              .asText();
      daemon.awaitRun(waiting, "waiting");

      Result live = reprise("check-replay", "--data-dir", d, "--json");
      assertThat(live.exitCode()).as("with the daemon up: " + live.describe()).isZero();
      JsonNode ok = DaemonProcess.JSON.readTree(live.lastLine());
      assertThat(ok.path("runs_checked").asInt()).isEqualTo(1);
      assertThat(ok.path("problems")).isEmpty();
    }

    // a run left by code that no longer exists: its first step has another name
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("reprise.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "insert into runs (id, namespace, workflow, status, input, created_at, updated_at)"
              + " values ('old-1', 'default', 'expense', 'waiting',"
              + " '{\"claimId\":\"c-2\",\"employee\":\"e-17\",\"amountCents\":10}', 1000, 1000)");
      s.execute(
          "insert into steps (run_id, seq, name, kind, status, at_most_once, output, output_type,"
              + " attempts, epoch, started_at, ended_at) values ('old-1', 1, 'file-claim-v0',"
              + " 'step', 'completed', 0, '\"x\"', 'java.lang.String', 1, 1, 1000, 1000)");
    }
    Result found = reprise("check-replay", "--data-dir", d);
    assertThat(found.exitCode()).as(found.describe()).isEqualTo(1);
    assertThat(found.out()).contains("old-1 (expense): at seq 1").contains("file-claim-v0");
    assertThat(found.out()).doesNotContain(waiting);
    assertThat(found.err()).contains("would stop with a replay mismatch");

    Result json = reprise("check-replay", "--data-dir", d, "--json");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(DaemonProcess.JSON.readTree(json.lastLine()).path("error").asText())
        .isEqualTo("replay_mismatch");
  }
}
