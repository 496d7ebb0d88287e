package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.Cli.Result;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tags, published values and retention policies through a real daemon: its HTTP API and the {@code
 * reprise} commands, bad input included, and a {@code kill -9} between a publish and the next.
 */
class FlowOverApiTest {
  @TempDir Path dir;

  private static JsonNode json(Result r) throws Exception {
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return DaemonProcess.JSON.readTree(r.lastLine());
  }

  private static JsonNode error(Result r) throws Exception {
    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    return DaemonProcess.JSON.readTree(r.lastLine());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void runsAreFoundByTagsAndTheirPublishedValuesReadAcrossAKill() throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    String id;
    String other;
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      id =
          json(reprise(
                  "submit",
                  "tracked",
                  "--input",
                  "\"c-1\"",
                  "--tag",
                  "region=eu",
                  "--data-dir",
                  d,
                  "--json"))
              .path("id")
              .asText();
      other =
          daemon
              .post(
                  "/api/runs",
                  "{\"workflow\":\"tracked\",\"input\":\"c-2\",\"tags\":{\"region\":\"eu\"}}")
              .body()
              .path("id")
              .asText();
      daemon.awaitRun(id, "waiting");
      daemon.awaitRun(other, "waiting");

      var found = daemon.get("/api/runs?tag=" + q("customer:c-1") + "&tag=" + q("region:eu"));
      assertThat(found.status()).isEqualTo(200);
      assertThat(found.body().path("runs")).hasSize(1);
      assertThat(found.body().path("runs").get(0).path("tags").toString())
          .isEqualTo("{\"customer\":\"c-1\",\"region\":\"eu\"}");
      assertThat(daemon.get("/api/runs?tag=" + q("region:eu")).body().path("runs")).hasSize(2);

      JsonNode listed = json(reprise("runs", "--tag", "customer=c-2", "--data-dir", d, "--json"));
      assertThat(listed.path("runs")).hasSize(1);
      assertThat(listed.path("runs").get(0).path("id").asText()).isEqualTo(other);
      assertThat(reprise("show", id, "--data-dir", d).out())
          .contains("tags: customer=c-1, region=eu");

      var published = daemon.get("/api/runs/" + id + "/published/stage");
      assertThat(published.status()).isEqualTo(200);
      assertThat(published.body().path("value").toString()).isEqualTo("{\"stage\":\"waiting\"}");
      assertThat(reprise("published", id, "stage", "--data-dir", d).out().strip())
          .isEqualTo("{\"stage\":\"waiting\"}");
      daemon.killHard();
    }
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      // the run's entries are replayed, not written again; the value stays until the next
      assertThat(daemon.get("/api/runs/" + id + "/published/stage").body().path("seq").asInt())
          .isEqualTo(2);
      assertThat(daemon.post("/api/runs/" + id + "/signal", "{\"name\":\"go\"}").status())
          .isEqualTo(200);
      JsonNode done = daemon.awaitRun(id, "completed");
      assertThat(done.path("steps")).hasSize(4);
      assertThat(done.path("steps").get(0).path("kind").asText()).isEqualTo("tag");
      assertThat(done.path("tags").path("customer").asText()).isEqualTo("c-1");
      JsonNode last = json(reprise("published", id, "stage", "--data-dir", d, "--json"));
      assertThat(last.path("value").path("stage").asText()).isEqualTo("done");
      assertThat(last.path("seq").asInt()).isEqualTo(4);
    }
  }

  @Test
  void badTagsAndUnpublishedNamesGetClearErrorsAndWriteNothing() throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      var noColon = daemon.get("/api/runs?tag=customer");
      assertThat(noColon.status()).isEqualTo(400);
      assertThat(noColon.body().path("field").asText()).isEqualTo("tag");

      var longValue =
          daemon.post(
              "/api/runs",
              "{\"workflow\":\"tracked\",\"input\":\"c\",\"tags\":{\"note\":\""
                  + "x".repeat(257)
                  + "\"}}");
      assertThat(longValue.status()).isEqualTo(400);
      assertThat(longValue.body().path("field").asText()).isEqualTo("tags.note");
      var notText =
          daemon.post("/api/runs", "{\"workflow\":\"tracked\",\"input\":\"c\",\"tags\":{\"n\":1}}");
      assertThat(notText.body().path("field").asText()).isEqualTo("tags.n");
      assertThat(daemon.get("/api/runs").body().path("runs")).isEmpty();

      Result badCli = reprise("runs", "--tag", "customer", "--data-dir", d, "--json");
      assertThat(badCli.exitCode()).as(badCli.describe()).isEqualTo(2);
      assertThat(badCli.lastLine()).contains("\"error\":\"usage\"").contains("--tag");

      String id =
          daemon
              .post("/api/runs", "{\"workflow\":\"tracked\",\"input\":\"c\"}")
              .body()
              .path("id")
              .asText();
      daemon.awaitRun(id, "waiting");
      var none = daemon.get("/api/runs/" + id + "/published/nothing");
      assertThat(none.status()).isEqualTo(404);
      assertThat(none.body().path("error").asText()).isEqualTo("not_published");
      assertThat(
              error(reprise("published", "no-such-run", "stage", "--data-dir", d, "--json"))
                  .path("error")
                  .asText())
          .isEqualTo("run_not_found");
    }
  }

  @Test
  void retentionPoliciesAreSetListedAndRefusedWhenBad() throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      JsonNode set =
          json(
              reprise(
                  "retention",
                  "set",
                  "payment",
                  "--completed",
                  "7d",
                  "--failed",
                  "30d",
                  "--data-dir",
                  d,
                  "--json"));
      assertThat(set.path("completed_seconds").asLong()).isEqualTo(7 * 86_400L);
      assertThat(set.path("cancelled_seconds").isNull()).isTrue();
      assertThat(reprise("retention", "list", "--data-dir", d).out().strip())
          .isEqualTo("payment  completed 7d  failed 30d  cancelled forever");

      JsonNode zero =
          error(reprise("retention", "set", "order", "--failed", "0d", "--data-dir", d, "--json"));
      assertThat(zero.path("field").asText()).isEqualTo("failed");
      JsonNode unknown =
          error(
              reprise(
                  "retention", "set", "no-such", "--completed", "1d", "--data-dir", d, "--json"));
      assertThat(unknown.path("field").asText()).isEqualTo("workflow");
      var notDuration = daemon.post("/api/retention/order", "{\"completed\":\"soon\"}");
      assertThat(notDuration.status()).isEqualTo(400);
      assertThat(notDuration.body().path("field").asText()).isEqualTo("completed");
      Result none = reprise("retention", "set", "order", "--data-dir", d, "--json");
      assertThat(none.exitCode()).isEqualTo(2);
      assertThat(daemon.get("/api/retention").body().path("policies")).hasSize(1);

      assertThat(
              daemon
                  .send(
                      HttpRequest.newBuilder(daemon.base().resolve("/api/retention/payment"))
                          .header("Authorization", "Bearer " + daemon.readToken())
                          .POST(HttpRequest.BodyPublishers.ofString("{\"failed\":\"1d\"}")))
                  .status())
          .isEqualTo(403);
      assertThat(
              json(reprise("retention", "delete", "payment", "--data-dir", d, "--json"))
                  .path("deleted")
                  .asBoolean())
          .isTrue();
      assertThat(reprise("retention", "list", "--data-dir", d).out().strip())
          .isEqualTo("no retention policies");
    }
  }

  @Test
  void aConcurrencyKeyHoldsTheNextRunPendingUntilTheFirstEndsAndLimitsAreSetOverApiAndCli()
      throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      String claim = "{\"claimId\":\"c-%s\",\"employee\":\"e-1\",\"amountCents\":100}";
      String first =
          json(reprise(
                  "submit",
                  "expense",
                  "--input",
                  claim.formatted(1),
                  "--key",
                  "employee=e-1",
                  "--data-dir",
                  d,
                  "--json"))
              .path("id")
              .asText();
      JsonNode second =
          daemon
              .post(
                  "/api/runs",
                  "{\"workflow\":\"expense\",\"input\":"
                      + claim.formatted(2)
                      + ",\"concurrency_key\":{\"name\":\"employee\",\"value\":\"e-1\"}}")
              .body();
      assertThat(second.path("concurrency_key").path("value").asText()).isEqualTo("e-1");
      String secondId = second.path("id").asText();
      daemon.awaitRun(first, "waiting");
      assertThat(daemon.get("/api/runs/" + secondId).body().path("status").asText())
          .isEqualTo("pending");
      assertThat(reprise("show", secondId, "--data-dir", d).out())
          .contains("concurrency key: employee=e-1 (waits for it)");
      assertThat(
              reprise(
                      "approve",
                      first,
                      "manager",
                      "--actor",
                      "ops-1",
                      "--reason",
                      "ok",
                      "--data-dir",
                      d)
                  .exitCode())
          .isZero();
      daemon.awaitRun(first, "completed");
      daemon.awaitRun(secondId, "waiting");

      assertThat(
              json(reprise("limits", "set", "employee", "3", "--data-dir", d, "--json"))
                  .path("max_running")
                  .asInt())
          .isEqualTo(3);
      assertThat(reprise("limits", "list", "--data-dir", d).out().strip()).isEqualTo("employee  3");
      JsonNode zero = error(reprise("limits", "set", "employee", "0", "--data-dir", d, "--json"));
      assertThat(zero.path("field").asText()).isEqualTo("max_running");
      var notNumber = daemon.post("/api/concurrency-limits/employee", "{\"max_running\":\"2\"}");
      assertThat(notNumber.status()).isEqualTo(400);
      assertThat(notNumber.body().path("field").asText()).isEqualTo("max_running");
      var badKey =
          daemon.post(
              "/api/runs",
              "{\"workflow\":\"expense\",\"input\":"
                  + claim.formatted(3)
                  + ",\"concurrency_key\":{\"name\":\"employee\",\"value\":\"\"}}");
      assertThat(badKey.status()).isEqualTo(400);
      assertThat(badKey.body().path("field").asText()).startsWith("concurrency_key");
      assertThat(daemon.get("/api/runs").body().path("runs")).hasSize(2);
      assertThat(
              json(reprise("limits", "delete", "employee", "--data-dir", d, "--json"))
                  .path("deleted")
                  .asBoolean())
          .isTrue();
      assertThat(reprise("limits", "list", "--data-dir", d).out().strip())
          .isEqualTo("no concurrency limits (every key name has 1)");
    }
  }
}
