package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI end to end: a real daemon, the commands run as an operator would. */
class CliAgainstDaemonTest {
  @TempDir Path dir;

  private static JsonNode json(Result r) throws Exception {
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return DaemonProcess.JSON.readTree(r.lastLine());
  }

  @Test
  void anOperatorSubmitsApprovesInspectsAndExportsARun() throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    String id;
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      JsonNode status = json(reprise("status", "--data-dir", d, "--json"));
      assertThat(status.path("state").asText()).isEqualTo("running");
      assertThat(status.path("pid").asLong()).isEqualTo(daemon.pid());
      assertThat(status.path("http_port").asInt()).isEqualTo(daemon.base().getPort());
      assertThat(status.path("runs").path("completed").asLong()).isZero();

      JsonNode submitted =
          json(
              reprise(
                  "submit",
                  "expense",
                  "--input",
                  "{\"claimId\":\"c-1\",\"employee\":\"e-17\",\"amountCents\":4200}",
                  "--idempotency-key",
                  "claim-c-1",
                  "--data-dir",
                  d,
                  "--json"));
      id = submitted.path("id").asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> json(reprise("show", id, "--data-dir", d, "--json")).path("status").asText(),
              "waiting"::equals);
      assertThat(reprise("show", id, "--data-dir", d).out())
          .containsPattern("2 manager \\(signal\\) waiting for signal 'manager' until 20\\d\\d-")
          .doesNotContain("executing");
      assertThat(reprise("status", "--data-dir", d).out()).contains(", node " + daemon.pid() + "@");

      Result approved =
          reprise(
              "approve", id, "manager", "--actor", "ops-2", "--reason", "fine", "--data-dir", d);
      assertThat(approved.exitCode()).as(approved.describe()).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> json(reprise("show", id, "--data-dir", d, "--json")).path("status").asText(),
              "completed"::equals);

      Result shown = reprise("show", id, "--data-dir", d);
      assertThat(shown.out()).contains(id).contains("completed").contains("record").contains("pay");

      JsonNode page =
          json(
              reprise(
                  "runs",
                  "--status",
                  "completed",
                  "--workflow",
                  "expense",
                  "--data-dir",
                  d,
                  "--json"));
      assertThat(page.path("runs").toString()).contains(id);
      assertThat(
              json(reprise("status", "--data-dir", d, "--json"))
                  .path("runs")
                  .path("completed")
                  .asLong())
          .isEqualTo(1);

      Result created =
          reprise(
              "schedules",
              "create",
              "weekly",
              "--cron",
              "0 9 * * 1",
              "--workflow",
              "expense",
              "--input",
              "{\"claimId\":\"w\",\"employee\":\"e\",\"amountCents\":1}",
              "--data-dir",
              d);
      assertThat(created.exitCode()).as(created.describe()).isZero();
      assertThat(reprise("schedules", "list", "--data-dir", d).out()).contains("weekly");
      assertThat(
              reprise("schedules", "pause", "weekly", "--reason", "holidays", "--data-dir", d)
                  .out())
          .contains("paused");
      assertThat(
              reprise("schedules", "delete", "weekly", "--actor", "ops-4", "--data-dir", d)
                  .exitCode())
          .isZero();
      Result audit = reprise("schedules", "audit", "weekly", "--data-dir", d);
      assertThat(audit.outLines())
          .hasSize(3)
          .anySatisfy(l -> assertThat(l).contains("schedule_pause by").endsWith(": holidays"))
          .anySatisfy(l -> assertThat(l).contains("schedule_delete by ops-4"));

      Result unknown = reprise("show", "no-such-run", "--data-dir", d);
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("no run with id 'no-such-run'").contains("404");
      Result unknownJson = reprise("show", "no-such-run", "--data-dir", d, "--json");
      assertThat(unknownJson.exitCode()).isEqualTo(1);
      JsonNode error = DaemonProcess.JSON.readTree(unknownJson.lastLine());
      assertThat(error.path("error").asText()).isEqualTo("run_not_found");
      assertThat(error.path("message").asText()).contains("no-such-run");
      assertThat(error.path("http_status").asInt()).isEqualTo(404);
      assertThat(error.path("field").asText()).isEqualTo("id");

      Result noInput = reprise("submit", "expense", "--data-dir", d, "--json");
      assertThat(noInput.exitCode()).isEqualTo(2);
      assertThat(noInput.err()).contains("--input is required");
      assertThat(DaemonProcess.JSON.readTree(noInput.lastLine()).path("error").asText())
          .isEqualTo("usage");

      Result badJson = reprise("submit", "expense", "--input", "{oops", "--data-dir", d);
      assertThat(badJson.exitCode()).isEqualTo(2);
      assertThat(badJson.err()).contains("--input");

      daemon.signal("TERM");
      assertThat(daemon.awaitExit(Duration.ofSeconds(60))).contains(0);
    }

    Result down = reprise("status", "--data-dir", d, "--json");
    assertThat(down.exitCode()).isEqualTo(1);
    assertThat(down.err()).contains("no daemon is running");

    Path file = dir.resolve("run.jsonl");
    Files.writeString(file, "made by someone else");
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    Result exported = reprise("export", id, "--data-dir", d, "--output", file.toString(), "--json");
    assertThat(exported.exitCode()).as(exported.describe()).isZero();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)))
        .as("a new file replaces it, its owner's alone")
        .isEqualTo("rw-------");
    List<String> lines = Files.readAllLines(file);
    JsonNode head = DaemonProcess.JSON.readTree(lines.get(0));
    assertThat(head.path("record").asText()).isEqualTo("run");
    assertThat(head.path("status").asText()).isEqualTo("completed");
    assertThat(lines.subList(1, lines.size()))
        .allSatisfy(
            l ->
                assertThat(DaemonProcess.JSON.readTree(l).path("record").asText())
                    .isEqualTo("step"))
        .anySatisfy(l -> assertThat(l).contains("\"name\":\"pay\""));

    Result diag = reprise("diag", "sagas", "--db", data.resolve("reprise.db").toString(), "--json");
    assertThat(diag.exitCode()).as(diag.describe()).isZero();
    assertThat(diag.out()).contains(id);
  }

  @Test
  void aFailedRunIsRetriedAndCancelledFromTheCommandLine() throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    Path ok = dir.resolve("ok");
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      String input = "{\"file\":" + DaemonProcess.JSON.writeValueAsString(ok.toString()) + "}";
      String failed =
          json(reprise("submit", "fails-until", "--input", input, "--data-dir", d, "--json"))
              .path("id")
              .asText();
      daemon.awaitRun(failed, "failed");
      Files.writeString(ok, "ok");

      JsonNode retried = json(reprise("retry", failed, "--data-dir", d, "--json"));
      daemon.awaitRun(retried.path("id").asText(), "completed");

      String waiting =
          json(reprise(
                  "submit",
                  "expense",
                  "--input",
                  "{\"claimId\":\"c\",\"employee\":\"e\",\"amountCents\":5}",
                  "--data-dir",
                  d,
                  "--json"))
              .path("id")
              .asText();
      daemon.awaitRun(waiting, "waiting");
      assertThat(
              reprise("signal", waiting, "nudge", "--payload", "{\"x\":1}", "--data-dir", d)
                  .exitCode())
          .isZero();
      assertThat(
              reprise(
                      "cancel",
                      waiting,
                      "--reason",
                      "duplicate",
                      "--actor",
                      "ops-9",
                      "--data-dir",
                      d)
                  .exitCode())
          .isZero();
      JsonNode cancelled = daemon.awaitRun(waiting, "cancelled");
      assertThat(cancelled.path("audit"))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.path("action").asText()).isEqualTo("cancel");
                assertThat(a.path("actor").asText()).isEqualTo("ops-9");
                assertThat(a.path("reason").asText()).isEqualTo("duplicate");
                assertThat(a.path("at").asText()).isNotEmpty();
              });
      assertThat(reprise("show", waiting, "--data-dir", d).out())
          .contains("audit: ")
          .contains("cancel by ops-9: duplicate");
      assertThat(reprise("show", failed, "--data-dir", d).out())
          .contains("retry by " + dev.reprise.daemon.cli.IdArguments.currentUser())
          .contains(retried.path("id").asText());

      Result wrong = reprise("resolve", waiting, "--note", "n", "--data-dir", d);
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(wrong.err()).contains("409");
    }
  }

  @Test
  void aRunStoppedByAReplayMismatchIsShownBlockedAndResumedOnceTheCodeMatchesAgain()
      throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    Path marker = dir.resolve("marker");
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      String input = "{\"file\":" + DaemonProcess.JSON.writeValueAsString(marker.toString()) + "}";
      String id =
          json(reprise("submit", "shifty", "--input", input, "--data-dir", d, "--json"))
              .path("id")
              .asText();
      daemon.awaitRun(id, "waiting");
      assertThat(reprise("runs", "--status", "waiting", "--data-dir", d).out())
          .contains(id + "  waiting  shifty")
          .contains("for signal 'go'");

      Files.writeString(marker, "the code changed");
      assertThat(reprise("signal", id, "go", "--payload", "\"now\"", "--data-dir", d).exitCode())
          .isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  json(reprise("show", id, "--data-dir", d, "--json"))
                      .path("waiting_for")
                      .path("kind")
                      .asText(),
              "operator"::equals);
      JsonNode blocked = json(reprise("show", id, "--data-dir", d, "--json"));
      assertThat(blocked.path("status").asText()).isEqualTo("waiting");
      assertThat(blocked.path("waiting_for").path("cause").asText()).isEqualTo("nondeterminism");
      Result shown = reprise("show", id, "--data-dir", d);
      assertThat(shown.out())
          .as(shown.describe())
          .contains("BLOCKED: stopped by a replay mismatch")
          .contains("next: fix the code, then 'reprise resume " + id + "'")
          .contains("'reprise cancel " + id + "'");
      assertThat(reprise("runs", "--status", "waiting", "--data-dir", d).outLines())
          .anySatisfy(l -> assertThat(l).contains(id).endsWith("for operator: nondeterminism"));

      Files.delete(marker);
      JsonNode resumed =
          json(
              reprise(
                  "resume",
                  id,
                  "--actor",
                  "ops-5",
                  "--reason",
                  "code restored",
                  "--data-dir",
                  d,
                  "--json"));
      assertThat(resumed.path("id").asText()).isEqualTo(id);
      JsonNode done = daemon.awaitRun(id, "completed");
      assertThat(done.path("output").asText()).isEqualTo("a-went");
      assertThat(reprise("show", id, "--data-dir", d).out())
          .contains("resume by ops-5: code restored");
    }
  }

  @Test
  void aFailedRunIsForkedFromAStepAndResumedOnTheStoreFromTheCommandLine() throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    Path ok = dir.resolve("ok");
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      String input = "{\"file\":" + DaemonProcess.JSON.writeValueAsString(ok.toString()) + "}";
      String id =
          json(reprise(
                  "submit", "first-then-fails-until", "--input", input, "--data-dir", d, "--json"))
              .path("id")
              .asText();
      daemon.awaitRun(id, "failed");

      Result retry = reprise("retry", id, "--data-dir", d, "--json");
      assertThat(retry.exitCode()).isEqualTo(1);
      assertThat(retry.err()).contains("409").contains("resume it in place").contains("fork it");
      assertThat(DaemonProcess.JSON.readTree(retry.lastLine()).path("error").asText())
          .isEqualTo("wrong_status");

      Result beyond = reprise("fork", id, "--from-seq", "99", "--data-dir", d, "--json");
      assertThat(beyond.exitCode()).isEqualTo(1);
      assertThat(DaemonProcess.JSON.readTree(beyond.lastLine()).path("field").asText())
          .isEqualTo("from_seq");
      assertThat(reprise("fork", id, "--from-seq", "two", "--data-dir", d).exitCode()).isEqualTo(2);

      Files.writeString(ok, "ok");
      Result forked = reprise("fork", id, "--from-seq", "2", "--data-dir", d);
      assertThat(forked.exitCode()).as(forked.describe()).isZero();
      assertThat(forked.out()).startsWith("forked " + id + " from seq 2 as ");
      JsonNode fork = json(reprise("fork", id, "--from-seq", "2", "--data-dir", d, "--json"));
      daemon.awaitRun(fork.path("id").asText(), "completed");

      String db = data.resolve("reprise.db").toString();
      Result superseded = reprise("resume", id, "--db", db, "--json");
      assertThat(superseded.exitCode()).as("a forked run goes on only as its fork").isEqualTo(1);
      assertThat(DaemonProcess.JSON.readTree(superseded.lastLine()).path("error").asText())
          .isEqualTo("wrong_status");
      assertThat(reprise("show", id, "--data-dir", d).out())
          .contains("fork by " + dev.reprise.daemon.cli.IdArguments.currentUser());

      Path ok2 = dir.resolve("ok2");
      String input2 = "{\"file\":" + DaemonProcess.JSON.writeValueAsString(ok2.toString()) + "}";
      String other =
          json(reprise(
                  "submit", "first-then-fails-until", "--input", input2, "--data-dir", d, "--json"))
              .path("id")
              .asText();
      daemon.awaitRun(other, "failed");
      Files.writeString(ok2, "ok");
      Result resumed = reprise("resume", other, "--db", db, "--actor", "ops-6", "--json");
      JsonNode run = json(resumed);
      assertThat(run.path("id").asText()).isEqualTo(other);
      assertThat(run.path("status").asText())
          .as("back in place, taken up by the daemon's next poll")
          .isNotEqualTo("failed");
      daemon.awaitRun(other, "completed");
      assertThat(reprise("show", other, "--data-dir", d).out()).contains("resume by ops-6");
    }
  }
}
