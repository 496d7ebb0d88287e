package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.server.DaemonProcess.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of one real daemon process. */
class HttpApiTest {
  @TempDir static Path dir;
  static DaemonProcess daemon;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.started(dir.resolve("data"));
  }

  @AfterAll
  static void stopDaemon() {
    daemon.close();
  }

  private static String expense(String claim) {
    return "{\"workflow\":\"expense\",\"input\":{\"claimId\":\""
        + claim
        + "\",\"employee\":\"e-17\",\"amountCents\":4200}";
  }

  private static HttpRequest.Builder request(String path) throws IOException {
    return HttpRequest.newBuilder(daemon.base().resolve(path));
  }

  @Test
  void stateChangingCallsWithoutTheRightTokenAre401AndChangeNothing() throws Exception {
    int before = daemon.get("/api/runs").body().path("runs").size();
    for (String auth :
        List.of("", "Bearer wrong", "Bearer", "Basic abc", "Bearer " + daemon.token() + "x")) {
      var b = request("/api/runs").POST(HttpRequest.BodyPublishers.ofString(expense("x") + "}"));
      if (!auth.isEmpty()) {
        b.header("Authorization", auth);
      }
      Answer a = daemon.send(b);
      assertThat(a.status()).as(auth).isEqualTo(401);
      assertThat(a.body().path("error").asText()).isEqualTo("unauthorized");
    }
    Answer delete = daemon.send(request("/api/schedules/x").DELETE());
    assertThat(delete.status()).isEqualTo(401);
    assertThat(daemon.get("/api/runs").body().path("runs").size()).isEqualTo(before);
  }

  @Test
  void everyReadNeedsATokenButHealthAndReadiness() throws Exception {
    for (String path :
        List.of(
            "/api/runs",
            "/api/status",
            "/api/openapi.json",
            "/api/schedules",
            "/api/runs/no-such-run",
            "/api/schedules/x/audit")) {
      Answer anonymous = daemon.getWithoutToken(path);
      assertThat(anonymous.status()).as(path).isEqualTo(401);
      assertThat(anonymous.body().path("error").asText()).isEqualTo("unauthorized");
      assertThat(anonymous.body().toString()).as(path).doesNotContain("runs\":[");
    }
    assertThat(daemon.getWithoutToken("/api/health").status()).isEqualTo(200);
    assertThat(daemon.getWithoutToken("/api/ready").status()).isEqualTo(200);
  }

  @Test
  void theReadOnlyTokenReadsEverythingAndChangesNothing() throws Exception {
    String read = "Bearer " + daemon.readToken();
    assertThat(daemon.readToken()).isNotEqualTo(daemon.token());
    Answer runs = daemon.send(request("/api/runs").header("Authorization", read).GET());
    assertThat(runs.status()).isEqualTo(200);
    Answer status = daemon.send(request("/api/status").header("Authorization", read).GET());
    assertThat(status.body().path("state").asText()).isEqualTo("running");

    int before = runs.body().path("runs").size();
    Answer submit =
        daemon.send(
            request("/api/runs")
                .header("Authorization", read)
                .POST(HttpRequest.BodyPublishers.ofString(expense("read-only") + "}")));
    assertThat(submit.status()).isEqualTo(403);
    assertThat(submit.body().path("error").asText()).isEqualTo("forbidden");
    Answer delete = daemon.send(request("/api/schedules/x").header("Authorization", read).DELETE());
    assertThat(delete.status()).isEqualTo(403);
    assertThat(daemon.get("/api/runs").body().path("runs").size()).isEqualTo(before);
  }

  @Test
  void theBearerSchemeIsReadInAnyCase() throws Exception {
    for (String scheme : List.of("bearer", "BEARER", "BeArEr")) {
      Answer a =
          daemon.send(
              request("/api/status").header("Authorization", scheme + " " + daemon.token()).GET());
      assertThat(a.status()).as(scheme).isEqualTo(200);
    }
    Answer posted =
        daemon.send(
            request("/api/runs")
                .header("Authorization", "bearer   " + daemon.token())
                .POST(HttpRequest.BodyPublishers.ofString(expense("lower-case") + "}")));
    assertThat(posted.status()).as(posted.body().toString()).isEqualTo(200);
  }

  @Test
  void submittingWithTheSameIdempotencyKeyTwiceGivesTheSameRun() throws Exception {
    String body = expense("same") + ",\"idempotency_key\":\"claim-same\"}";
    Answer first = daemon.post("/api/runs", body);
    Answer second = daemon.post("/api/runs", body);

    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(second.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
    assertThat(first.body().path("idempotency_key").asText()).isEqualTo("claim-same");
  }

  @Test
  void approvalGateRunsToCompletionAndShowsItsJournal() throws Exception {
    String id = daemon.post("/api/runs", expense("gate") + "}").body().path("id").asText();
    JsonNode waiting = daemon.awaitRun(id, "waiting").path("waiting_for");
    assertThat(waiting.path("kind").asText()).isEqualTo("approval");
    assertThat(waiting.path("gate").asText()).isEqualTo("manager");
    assertThat(waiting.path("deadline").asText()).matches("20\\d\\d-.*Z");
    assertThat(daemon.get("/api/runs?status=waiting").body().path("runs"))
        .anySatisfy(
            r -> {
              assertThat(r.path("id").asText()).isEqualTo(id);
              assertThat(r.path("waiting_for").path("kind").asText()).isEqualTo("approval");
            });

    Answer approved =
        daemon.post(
            "/api/runs/" + id + "/approve",
            "{\"gate\":\"manager\",\"actor\":\"ops-2\",\"reason\":\"receipts attached\"}");
    assertThat(approved.status()).as(approved.body().toString()).isEqualTo(200);

    JsonNode run = daemon.awaitRun(id, "completed");
    assertThat(run.path("output").path("approvedBy").asText()).isEqualTo("ops-2");
    assertThat(run.path("waiting_for").isNull()).isTrue();
    assertThat(run.path("steps"))
        .extracting(s -> s.path("name").asText())
        .contains("record", "pay");
  }

  @Test
  void aRejectionFailsTheRunAndIsAuditedWithTheDecidersNameAndReason() throws Exception {
    String id = daemon.post("/api/runs", expense("rejected") + "}").body().path("id").asText();
    daemon.awaitRun(id, "waiting");

    Answer rejected =
        daemon.post(
            "/api/runs/" + id + "/reject",
            "{\"gate\":\"manager\",\"actor\":\"ops-4\",\"reason\":\"no receipts\"}");

    assertThat(rejected.status()).as(rejected.body().toString()).isEqualTo(200);
    JsonNode run = daemon.awaitRun(id, "failed");
    assertThat(run.path("error_message").asText()).contains("rejected by ops-4: no receipts");
    assertThat(run.path("audit"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.path("action").asText()).isEqualTo("reject");
              assertThat(a.path("actor").asText()).isEqualTo("ops-4");
              assertThat(a.path("reason").asText()).isEqualTo("no receipts");
              assertThat(a.path("detail").asText()).isEqualTo("gate manager");
              assertThat(a.path("at").asText()).matches("20\\d\\d-.*Z");
            });
  }

  @Test
  void aFailedRunIsRetriedAsANewRunAndWrongStatusesAreRefused() throws Exception {
    Path ok = dir.resolve("ok-file");
    String input = "{\"file\":" + DaemonProcess.JSON.writeValueAsString(ok.toString()) + "}";
    String id =
        daemon
            .post("/api/runs", "{\"workflow\":\"fails-until\",\"input\":" + input + "}")
            .body()
            .path("id")
            .asText();
    daemon.awaitRun(id, "failed");
    assertThat(daemon.post("/api/runs/" + id + "/resolve", "{\"note\":\"n\"}").status())
        .as("only failed_compensation runs are resolved")
        .isEqualTo(409);
    Files.writeString(ok, "ok");

    Answer retried = daemon.post("/api/runs/" + id + "/retry", "");
    assertThat(retried.status()).as(retried.body().toString()).isEqualTo(200);
    String newId = retried.body().path("id").asText();
    assertThat(newId).isNotEqualTo(id);
    daemon.awaitRun(newId, "completed");
    assertThat(daemon.post("/api/runs/" + id + "/retry", "{}").body().path("id").asText())
        .as("retrying again gives the same new run")
        .isEqualTo(newId);
    assertThat(daemon.post("/api/runs/" + newId + "/retry", "").status()).isEqualTo(409);
  }

  @Test
  void theSameKeyOrRunIdWithAnotherInputIsA409NamingTheExistingRun() throws Exception {
    Answer first = daemon.post("/api/runs", expense("k-1") + ",\"idempotency_key\":\"taken\"}");
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    Answer other = daemon.post("/api/runs", expense("k-2") + ",\"idempotency_key\":\"taken\"}");
    assertThat(other.status()).as(other.body().toString()).isEqualTo(409);
    assertThat(other.body().path("error").asText()).isEqualTo("idempotency_conflict");
    assertThat(other.body().path("field").asText()).isEqualTo("idempotency_key");
    assertThat(other.body().path("existing_run").asText())
        .isEqualTo(first.body().path("id").asText());
    assertThat(other.body().path("message").asText()).contains("another input");

    assertThat(daemon.post("/api/runs", expense("r-1") + ",\"run_id\":\"taken-id\"}").status())
        .isEqualTo(200);
    Answer sameId =
        daemon.post(
            "/api/runs",
            "{\"workflow\":\"fails-until\",\"input\":{\"file\":\"x\"},\"run_id\":\"taken-id\"}");
    assertThat(sameId.status()).as(sameId.body().toString()).isEqualTo(409);
    assertThat(sameId.body().path("field").asText()).isEqualTo("run_id");
    assertThat(sameId.body().path("existing_run").asText()).isEqualTo("taken-id");
  }

  @Test
  void aFailedRunWhoseStepsWereNotUndoneIsRefusedARetryAndIsForkedOrResumedInPlace()
      throws Exception {
    Path ok = dir.resolve("ok-resume");
    String input = "{\"file\":" + DaemonProcess.JSON.writeValueAsString(ok.toString()) + "}";
    String id =
        daemon
            .post("/api/runs", "{\"workflow\":\"first-then-fails-until\",\"input\":" + input + "}")
            .body()
            .path("id")
            .asText();
    String first = daemon.awaitRun(id, "failed").path("steps").path(0).path("output").asText();

    Answer retry = daemon.post("/api/runs/" + id + "/retry", "");
    assertThat(retry.status()).as(retry.body().toString()).isEqualTo(409);
    assertThat(retry.body().path("error").asText()).isEqualTo("wrong_status");
    assertThat(retry.body().path("message").asText()).contains("resume").contains("fork");

    for (String bad :
        List.of("{}", "{\"from_seq\":\"2\"}", "{\"from_seq\":1.5}", "{\"from_seq\":99}")) {
      Answer a = daemon.post("/api/runs/" + id + "/fork", bad);
      assertThat(a.status()).as(bad + " " + a.body()).isEqualTo(400);
      assertThat(a.body().path("field").asText()).as(bad).isEqualTo("from_seq");
    }

    Files.writeString(ok, "ok");
    Answer forked =
        daemon.post(
            "/api/runs/" + id + "/fork",
            "{\"from_seq\":2,\"actor\":\"ops-3\",\"reason\":\"the file is there now\"}");
    assertThat(forked.status()).as(forked.body().toString()).isEqualTo(200);
    String forkId = forked.body().path("id").asText();
    assertThat(forkId).isNotEqualTo(id);
    assertThat(forked.body().path("steps").path(0).path("output").asText()).isEqualTo(first);
    JsonNode forkRun = daemon.awaitRun(forkId, "completed");
    assertThat(forkRun.path("output").asText()).as("step 1 reused").isEqualTo(first + "/ok");
    assertThat(
            daemon.post("/api/runs/" + id + "/fork", "{\"from_seq\":2}").body().path("id").asText())
        .as("the same fork twice gives the same run")
        .isEqualTo(forkId);

    Answer superseded = daemon.post("/api/runs/" + id + "/resume", "{}");
    assertThat(superseded.status()).as("a forked run goes on only as its fork").isEqualTo(409);
    assertThat(superseded.body().path("error").asText()).isEqualTo("wrong_status");
    assertThat(superseded.body().path("message").asText()).contains("neither forked nor retried");
    assertThat(daemon.awaitRun(id, "failed").path("audit"))
        .anySatisfy(
            a -> {
              assertThat(a.path("action").asText()).isEqualTo("fork");
              assertThat(a.path("detail").asText()).contains(forkId);
              assertThat(a.path("actor").asText()).isEqualTo("ops-3");
            });

    Path ok2 = dir.resolve("ok-resume-2");
    String input2 = "{\"file\":" + DaemonProcess.JSON.writeValueAsString(ok2.toString()) + "}";
    String other =
        daemon
            .post("/api/runs", "{\"workflow\":\"first-then-fails-until\",\"input\":" + input2 + "}")
            .body()
            .path("id")
            .asText();
    String otherFirst =
        daemon.awaitRun(other, "failed").path("steps").path(0).path("output").asText();
    Files.writeString(ok2, "ok");
    Answer resumed =
        daemon.post("/api/runs/" + other + "/resume", "{\"actor\":\"ops-3\",\"reason\":\"fixed\"}");
    assertThat(resumed.status()).as(resumed.body().toString()).isEqualTo(200);
    assertThat(resumed.body().path("id").asText()).isEqualTo(other);
    JsonNode done = daemon.awaitRun(other, "completed");
    assertThat(done.path("output").asText()).isEqualTo(otherFirst + "/ok");
    assertThat(done.path("steps").path(0).path("attempts").asInt())
        .as("the completed step did not run again")
        .isEqualTo(1);
    assertThat(done.path("audit"))
        .anySatisfy(
            a -> {
              assertThat(a.path("action").asText()).isEqualTo("resume");
              assertThat(a.path("reason").asText()).isEqualTo("fixed");
            });

    Answer again = daemon.post("/api/runs/" + other + "/resume", "");
    assertThat(again.status()).as("a completed run is not resumed").isEqualTo(409);
    assertThat(again.body().path("error").asText()).isEqualTo("wrong_status");
    String waiting = daemon.post("/api/runs", expense("fork-me") + "}").body().path("id").asText();
    daemon.awaitRun(waiting, "waiting");
    assertThat(daemon.post("/api/runs/" + waiting + "/fork", "{\"from_seq\":1}").status())
        .as("a run that has not ended is not forked")
        .isEqualTo(409);
    assertThat(daemon.post("/api/runs/" + waiting + "/resume", "{}").status())
        .as("a run waiting for a signal is not resumed")
        .isEqualTo(409);
  }

  @Test
  void aDecimalInputIsStoredAsSentAndAnotherDecimalUnderTheSameKeyIsAConflict() throws Exception {
    Answer first =
        daemon.post(
            "/api/runs",
            "{\"workflow\":\"charge\",\"input\":{\"id\":\"p1\",\"amount\":12345678901234567.89},"
                + "\"idempotency_key\":\"decimal-1\"}");
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    String id = first.body().path("id").asText();
    assertThat(daemon.awaitRun(id, "completed").path("output").asText())
        .isEqualTo("12345678901234567.89");
    Answer other =
        daemon.post(
            "/api/runs",
            "{\"workflow\":\"charge\",\"input\":{\"id\":\"p1\",\"amount\":12345678901234567.00},"
                + "\"idempotency_key\":\"decimal-1\"}");
    assertThat(other.status()).as(other.body().toString()).isEqualTo(409);
    assertThat(other.body().path("existing_run").asText()).isEqualTo(id);
  }

  @Test
  void signalAndCancelReachAWaitingRun() throws Exception {
    String id = daemon.post("/api/runs", expense("cancel-me") + "}").body().path("id").asText();
    daemon.awaitRun(id, "waiting");
    assertThat(
            daemon
                .post("/api/runs/" + id + "/signal", "{\"name\":\"unrelated\",\"payload\":[1,2]}")
                .status())
        .isEqualTo(200);

    Answer cancelled = daemon.post("/api/runs/" + id + "/cancel", "{\"reason\":\"duplicate\"}");
    assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(200);
    assertThat(daemon.awaitRun(id, "cancelled").path("error_message").asText())
        .contains("duplicate");
  }

  @Test
  void listingFiltersByStatusWorkflowAndSinceAndPagesWithTheCursor() throws Exception {
    String since = java.time.Instant.now().minusSeconds(1).toString();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(daemon.post("/api/runs", expense("page-" + i) + "}").body().path("id").asText());
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String path =
          "/api/runs?workflow=expense&limit=2&since="
              + since
              + (cursor == null ? "" : "&cursor=" + cursor);
      Answer page = daemon.get(path);
      assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
      page.body().path("runs").forEach(r -> seen.add(r.path("id").asText()));
      cursor =
          page.body().path("next_cursor").isNull()
              ? null
              : page.body().path("next_cursor").asText();
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(seen).containsAll(ids);

    JsonNode none = daemon.get("/api/runs?status=failed_compensation").body();
    assertThat(none.path("runs")).isEmpty();
    JsonNode future = daemon.get("/api/runs?since=2999-01-01T00:00:00Z").body();
    assertThat(future.path("runs")).isEmpty();
  }

  @Test
  void schedulesAreCreatedPausedResumedAndDeleted() throws Exception {
    Answer created =
        daemon.post(
            "/api/schedules",
            "{\"name\":\"nightly\",\"cron\":\"0 3 * * *\",\"workflow\":\"expense\",\"input\":{\"claimId\":\"n\",\"employee\":\"e\",\"amountCents\":1}}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(daemon.post("/api/schedules/nightly/pause", "").body().path("paused").asBoolean())
        .isTrue();
    assertThat(daemon.post("/api/schedules/nightly/resume", "").body().path("paused").asBoolean())
        .isFalse();
    assertThat(daemon.get("/api/schedules").body().path("schedules").toString())
        .contains("nightly");

    Answer deleted =
        daemon.send(
            request("/api/schedules/nightly")
                .header("Authorization", "Bearer " + daemon.token())
                .DELETE());
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(daemon.post("/api/schedules/nightly/pause", "").status()).isEqualTo(404);
  }

  @Test
  void aRequestForAnotherHostNameIsRefusedAgainstDnsRebinding() throws Exception {
    assertThat(sendRaw("GET /api/status HTTP/1.1\r\nHost: evil.example:80\r\n\r\n"))
        .startsWith("HTTP/1.1 403");
    assertThat(sendRaw("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void healthReadinessAndStatusAnswer() throws Exception {
    assertThat(daemon.get("/api/health").body().path("status").asText()).isEqualTo("ok");
    assertThat(daemon.get("/api/ready").status()).isEqualTo(200);
    JsonNode status = daemon.get("/api/status").body();
    assertThat(status.path("state").asText()).isEqualTo("running");
    assertThat(status.path("pid").asLong()).isEqualTo(daemon.pid());
    assertThat(status.path("http_port").asInt()).isEqualTo(daemon.base().getPort());
    assertThat(status.path("workflows").toString()).contains("expense", "payment", "order");
    // no node_id configured: the effective one, pid@host
    assertThat(status.path("node_id").asText()).startsWith(daemon.pid() + "@");
    assertThat(status.path("config").path("node_id").asText()).isEmpty();
  }

  @Test
  void badInputIsA400NamingTheFieldAndAnUnknownRunIsA404() throws Exception {
    Answer wrongType = daemon.post("/api/runs", "{\"workflow\":42}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.body().path("field").asText()).isEqualTo("workflow");

    Answer unknownField = daemon.post("/api/runs", expense("u") + ",\"priority\":1}");
    assertThat(unknownField.body().path("field").asText()).isEqualTo("priority");

    int runsBefore = daemon.get("/api/runs").body().path("runs").size();
    Answer noInput = daemon.post("/api/runs", "{\"workflow\":\"expense\"}");
    assertThat(noInput.status()).isEqualTo(400);
    assertThat(noInput.body().path("error").asText()).isEqualTo("invalid_field");
    assertThat(noInput.body().path("field").asText()).isEqualTo("input");
    assertThat(noInput.body().path("message").asText()).startsWith("input: is required");
    assertThat(daemon.get("/api/runs").body().path("runs").size()).isEqualTo(runsBefore);

    Answer badInput =
        daemon.post("/api/runs", "{\"workflow\":\"expense\",\"input\":{\"claimId\":\"c\"}}");
    assertThat(badInput.status()).isEqualTo(400);
    assertThat(badInput.body().path("field").asText()).isEqualTo("input");

    Answer malformed = daemon.post("/api/runs", "{\"workflow\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body().path("error").asText()).isEqualTo("bad_request");

    Answer missing = daemon.get("/api/runs/no-such-run");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().path("error").asText()).isEqualTo("run_not_found");
  }

  @Test
  void instantsAndDurationsBeyondTheirRangeAreA400NamingTheFieldNotA500() throws Exception {
    for (String since :
        List.of(
            "%2B1000000000-12-31T23:59:59Z",
            "-1000000000-01-01T00:00:00Z", "%2B10000-01-01T00:00:00Z")) {
      Answer a = daemon.get("/api/runs?since=" + since);
      assertThat(a.status()).as(since).isEqualTo(400);
      assertThat(a.body().path("field").asText()).isEqualTo("since");
      assertThat(a.body().path("message").asText()).contains("9999");
    }
    for (String timeout :
        List.of("99999999999999999d", "36501d", "9999999999999999999h", "PT9999999999999H")) {
      Answer a =
          daemon.post(
              "/api/runs",
              "{\"workflow\":\"expense\",\"input\":null,\"timeout\":\"" + timeout + "\"}");
      assertThat(a.status()).as(timeout).isEqualTo(400);
      assertThat(a.body().path("field").asText()).as(timeout).isEqualTo("timeout");
      assertThat(a.body().path("message").asText()).as(timeout).contains("36500 days");
    }
  }

  @Test
  void inputOfTheWrongShapeIsDescribedInJsonTermsNotJavaClasses() throws Exception {
    Answer number =
        daemon.post(
            "/api/runs",
            "{\"workflow\":\"expense\",\"input\":{\"claimId\":1,\"employee\":\"e\","
                + "\"amountCents\":1}}");
    assertThat(number.body().path("field").asText()).isEqualTo("input");
    assertThat(number.body().path("message").asText())
        .endsWith("field 'claimId': must be a string, was 1");
    Answer text =
        daemon.post("/api/runs", "{\"workflow\":\"expense\",\"input\":\"not an object\"}");
    assertThat(text.body().path("message").asText()).endsWith(": must be an object");
    Answer unknown =
        daemon.post(
            "/api/runs",
            "{\"workflow\":\"expense\",\"input\":{\"claimId\":\"c\",\"employee\":\"e\","
                + "\"amountCents\":1,\"tip\":1}}");
    assertThat(unknown.body().path("message").asText())
        .contains("field 'tip': unknown field 'tip'; known: ")
        .doesNotContain("class");
  }

  /** A Java class's name, as an exception's {@code toString} or Jackson's messages carry one. */
  private static final java.util.regex.Pattern JAVA_CLASS =
      java.util.regex.Pattern.compile(
          "\\b(java|javax|com|org|dev)\\.[a-z]\\w*\\.|\\w+(Exception|Error)\\b|`\\w+\\.\\w+\\(\\)`");

  @Test
  void twoHundredMalformedOrHostileRequestsGet4xxNeverA5xxAndTheDaemonKeepsServing()
      throws Exception {
    List<HttpRequest.Builder> hostile = hostileRequests();
    assertThat(hostile).hasSizeGreaterThanOrEqualTo(200);
    List<String> serverErrors = new ArrayList<>();
    List<String> classNames = new ArrayList<>();
    for (HttpRequest.Builder r : hostile) {
      HttpRequest built = r.build();
      Answer a = daemon.send(r);
      if (a.status() < 400 || a.status() >= 500) {
        serverErrors.add(built.method() + " " + built.uri() + " -> " + a.status() + " " + a.body());
      }
      if (JAVA_CLASS.matcher(a.body().path("message").asText()).find()) {
        classNames.add(built.method() + " " + built.uri() + " -> " + a.body());
      }
    }
    for (String raw : rawRequests()) {
      String statusLine = sendRaw(raw);
      if (statusLine != null && statusLine.matches("HTTP/1\\.1 5.*")) {
        serverErrors.add(raw.lines().findFirst().orElse("") + " -> " + statusLine);
      }
    }
    assertThat(serverErrors).isEmpty();
    assertThat(classNames).isEmpty();

    assertSoftly(
        s -> {
          try {
            s.assertThat(daemon.get("/api/health").status()).isEqualTo(200);
            s.assertThat(daemon.post("/api/runs", expense("after-hostile") + "}").status())
                .isEqualTo(200);
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static List<HttpRequest.Builder> hostileRequests() throws IOException {
    String token = "Bearer " + daemon.token();
    List<String> bodies =
        new ArrayList<>(
            List.of(
                "{",
                "[",
                "[]",
                "\"text\"",
                "42",
                "null",
                "nul",
                "{\"workflow\":",
                "{\"workflow\":\"expense\"}}",
                "{\"workflow\":1}",
                "{\"workflow\":null}",
                "{\"workflow\":[\"a\"]}",
                "{\"workflow\":{\"a\":1}}",
                "{\"workflow\":\"\"}",
                "{\"workflow\":\"expense\",\"workflow\":\"order\"}",
                "{\"workflow\":\"expense\",\"bogus\":true}",
                "{\"workflow\":\"expense\",\"input\":\"not an object\"}",
                "{\"workflow\":\"expense\",\"input\":{\"claimId\":1,\"employee\":[],\"amountCents\":\"x\"}}",
                "{\"workflow\":\"expense\",\"timeout\":\"forever\"}",
                "{\"workflow\":\"expense\",\"timeout\":-5}",
                "{\"workflow\":\"expense\",\"input\":null,\"timeout\":\"99999999999999999d\"}",
                "{\"workflow\":\"expense\",\"input\":null,\"timeout\":\"PT-5S\"}",
                "{\"workflow\":\"expense\",\"run_id\":\"" + "r".repeat(300) + "\"}",
                "{\"workflow\":\"expense\",\"idempotency_key\":\"" + "k".repeat(600) + "\"}",
                "{\"workflow\":\"" + "w".repeat(5000) + "\"}",
                "{\"name\":5,\"gate\":[],\"actor\":{},\"reason\":null,\"note\":1}",
                "{\"name\":\"\",\"gate\":\" \",\"actor\":\"\",\"note\":\"\"}",
                "{\"cron\":\"not cron\",\"name\":\"s\",\"workflow\":\"expense\"}",
                "{\"cron\":\"0 3 * * *\",\"name\":\"s\",\"workflow\":\"expense\",\"zone\":\"Mars/Base\"}",
                "{\"cron\":\"0 3 * * *\",\"name\":\"s\",\"workflow\":\"nope\"}",
                "{\"cron\":\"0 3 * * *\",\"name\":\"s\",\"workflow\":\"expense\",\"misfire\":\"often\"}",
                "\u0000\u0001\u0002",
                "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}",
                "{\"workflow\":\"expense\"" + ",\"x\":1".repeat(2000) + "}"));
    List<String> posts =
        List.of(
            "/api/runs",
            "/api/runs/no-such-run/signal",
            "/api/runs/no-such-run/approve",
            "/api/runs/no-such-run/reject",
            "/api/runs/no-such-run/cancel",
            "/api/runs/no-such-run/resolve",
            "/api/runs/no-such-run/resume",
            "/api/runs/no-such-run/fork",
            "/api/schedules");
    List<HttpRequest.Builder> all = new ArrayList<>();
    for (String path : posts) {
      for (String body : bodies) {
        all.add(
            request(path)
                .header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
      }
    }
    byte[] huge = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) '[');
    all.add(
        request("/api/runs")
            .header("Authorization", token)
            .POST(HttpRequest.BodyPublishers.ofByteArray(huge)));
    all.add(
        request("/api/runs/x/signal")
            .header("Authorization", token)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"s\",\"payload\":\"" + "p".repeat(2_000_000) + "\"}")));
    for (String path :
        List.of(
            "/api/runs/..",
            "/api/runs/.",
            "/api/runs/%2e%2e",
            "/api/runs/%2E",
            "/api/runs/../status",
            "/api/runs/%2e%2e/status",
            "/api/runs/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/api/runs/%00",
            "/api/runs/a%00b",
            "/api//runs",
            "/api/runs/x/y/z",
            "/API/RUNS",
            "/api/runs/" + "i".repeat(300),
            "/etc/passwd",
            "/",
            "/api",
            "/api/",
            "/api/openapi.yaml",
            "/api/runs?limit=abc",
            "/api/runs?limit=-1",
            "/api/runs?limit=99999",
            "/api/runs?status=bogus",
            "/api/runs?status=",
            "/api/runs?since=yesterday",
            "/api/runs?since=%2B1000000000-12-31T23:59:59Z",
            "/api/runs?cursor=!!!",
            "/api/runs?cursor=Zm9vYmFy",
            "/api/runs?bogus=1",
            "/api/runs?limit=1&limit=2",
            "/api/runs?workflow=",
            "/api/runs/x?verbose=1",
            "/api/runs/x/cancel")) {
      all.add(request(path).header("Authorization", token).GET());
      all.add(request(path).GET());
    }
    for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO")) {
      all.add(
          request("/api/runs")
              .header("Authorization", token)
              .method(method, HttpRequest.BodyPublishers.ofString("{}")));
    }
    all.add(request("/api/runs/x").header("Authorization", token).DELETE());
    all.add(request("/api/schedules/no-such").header("Authorization", token).DELETE());
    all.add(
        request("/api/runs/no-such-run/retry")
            .header("Authorization", token)
            .POST(HttpRequest.BodyPublishers.ofString("")));
    all.add(
        request("/api/runs/no-such-run/retry-compensation")
            .header("Authorization", token)
            .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")));
    all.add(
        request("/api/schedules/no-such/resume")
            .header("Authorization", token)
            .POST(HttpRequest.BodyPublishers.ofString("")));
    return all;
  }

  private static List<String> rawRequests() {
    return List.of(
        "GARBAGE\r\n\r\n",
        "GET /api/runs/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/runs?%zz=1 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/runs/a b HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /api/health HTTP/9.9\r\nHost: x\r\n\r\n",
        "POST /api/runs HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /api/runs HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{",
        "GET /api/runs/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://evil.example/api/status HTTP/1.1\r\nHost: evil.example\r\n\r\n");
  }

  /** Sends raw bytes; returns the status line, or null if the server closed without one. */
  private static String sendRaw(String raw) throws IOException {
    URI base = daemon.base();
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      return line.isEmpty() ? null : line.toString().strip();
    } catch (java.net.SocketException e) {
      return null;
    }
  }
}
