package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caps on requests and body bytes in flight: over them a request is refused with 503 and {@code
 * Retry-After} before its body is read, and a flood of large bodies at a small heap leaves the
 * daemon serving, never out of memory.
 */
class HttpInFlightTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;

  private static String submitHeaders(DaemonProcess d, int length) throws Exception {
    return "POST /api/runs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + d.token()
        + "\r\nContent-Type: application/json\r\nContent-Length: "
        + length
        + "\r\n\r\n";
  }

  /** A submit of exactly {@code length} bytes: an expense claim whose id pads it out. */
  private static byte[] submit(String claimPrefix, int length) {
    String head =
        "{\"workflow\":\"expense\",\"input\":{\"employee\":\"e\",\"amountCents\":1,\"claimId\":\""
            + claimPrefix;
    String tail = "\"}}";
    char[] pad = new char[length - head.length() - tail.length()];
    Arrays.fill(pad, 'x');
    return (head + new String(pad) + tail).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void bodiesOverTheBytesInFlightAre503WithRetryAfterUntilTheHeldOnesEnd() throws Exception {
    try (DaemonProcess d =
        DaemonProcess.start(
            dir.resolve("data"), Map.of("REPRISE_HTTP_MAX_BODY_BYTES_IN_FLIGHT", "" + 2 * MIB))) {
      d.awaitEvent("daemon_started");
      List<RawHttp> held = new ArrayList<>();
      List<byte[]> bodies = new ArrayList<>();
      try {
        // two bodies of 1 MiB fill the 2 MiB: each sends its headers and one byte, and waits
        for (int i = 0; i < 2; i++) {
          byte[] body = submit("held-" + i + "-", MIB);
          bodies.add(body);
          held.add(
              new RawHttp(d.base(), BOUND).send(submitHeaders(d, MIB)).send(new byte[] {body[0]}));
        }
        // a third is refused from its Content-Length, its body never sent
        await()
            .atMost(BOUND)
            .untilAsserted(
                () -> {
                  try (RawHttp third = new RawHttp(d.base(), BOUND)) {
                    RawHttp.Response r = third.send(submitHeaders(d, MIB)).response();
                    assertThat(r.status()).isEqualTo(503);
                    assertThat(r.headers()).containsEntry("retry-after", "1");
                    assertThat(r.json().path("error").asText()).isEqualTo("busy");
                  }
                });
        // a call without a body is served meanwhile
        assertThat(d.get("/api/runs").status()).isEqualTo(200);

        for (int i = 0; i < 2; i++) {
          RawHttp.Response r =
              held.get(i).send(Arrays.copyOfRange(bodies.get(i), 1, MIB)).response();
          assertThat(r.status()).isEqualTo(200);
        }
      } finally {
        for (RawHttp h : held) {
          h.close();
        }
      }
      // the room is given back: a body of the same size is read again
      try (RawHttp again = new RawHttp(d.base(), BOUND)) {
        RawHttp.Response r =
            again.send(submitHeaders(d, MIB)).send(submit("again-", MIB)).response();
        assertThat(r.status()).isEqualTo(200);
      }
    }
  }

  @Test
  void requestsOverTheCapAre503ButHealthAndReadinessAnswer() throws Exception {
    try (DaemonProcess d =
        DaemonProcess.start(
            dir.resolve("data"), Map.of("REPRISE_HTTP_MAX_REQUESTS_IN_FLIGHT", "2"))) {
      d.awaitEvent("daemon_started");
      List<RawHttp> held = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          held.add(new RawHttp(d.base(), BOUND).send(submitHeaders(d, 100) + "{"));
        }
        await().atMost(BOUND).until(() -> d.get("/api/runs").status() == 503);
        DaemonProcess.Answer refused = d.get("/api/status");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().path("error").asText()).isEqualTo("busy");
        assertThat(d.getWithoutToken("/api/health").status()).isEqualTo(200);
        assertThat(d.getWithoutToken("/api/ready").status()).isEqualTo(200);
      } finally {
        for (RawHttp h : held) {
          h.close();
        }
      }
      await().atMost(BOUND).until(() -> d.get("/api/runs").status() == 200);
    }
  }

  /**
   * 300 clients submit 1 MiB each at once to a daemon with a 256 MiB heap (the case, which
   * ran it out of memory): each is answered 200 or 503, and the daemon serves on.
   */
  @Test
  void aFloodOfLargeSubmitsAtASmallHeapIsAnsweredAndTheDaemonSurvives() throws Exception {
    try (DaemonProcess d =
        DaemonProcess.start(dir.resolve("data"), Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m"))) {
      d.awaitEvent("daemon_started");
      HttpClient client = HttpClient.newBuilder().connectTimeout(BOUND).build();
      URI runs = d.base().resolve("/api/runs");
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        answers.add(
            client.sendAsync(
                HttpRequest.newBuilder(runs)
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + d.token())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(submit("flood-" + i + "-", MIB)))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      Map<Integer, Integer> statuses = new TreeMap<>();
      List<String> unexpected = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> f : answers) {
        HttpResponse<String> r;
        try {
          r = f.join();
        } catch (java.util.concurrent.CompletionException e) {
          unexpected.add("no answer: " + e.getCause());
          continue;
        }
        statuses.merge(r.statusCode(), 1, Integer::sum);
        boolean refused =
            r.statusCode() == 503
                && r.headers().firstValue("Retry-After").isPresent()
                && r.body().contains("\"busy\"");
        if (r.statusCode() != 200 && !refused) {
          unexpected.add(r.statusCode() + " " + r.body());
        }
      }
      System.out.println("flood of 300 x 1 MiB at -Xmx256m: " + statuses);
      assertThat(d.isAlive()).as(d.describe()).isTrue();
      assertThat(unexpected).as(d.describe()).isEmpty();
      assertThat(d.get("/api/health").status()).isEqualTo(200);
      assertThat(d.post("/api/runs", "{\"workflow\":\"expense\",\"input\":null}").status())
          .isEqualTo(200);
      assertThat(d.describe()).doesNotContain("OutOfMemoryError");
    }
  }
}
