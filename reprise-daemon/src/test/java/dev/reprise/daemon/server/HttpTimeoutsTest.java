package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send half a request, against a daemon whose {@code http.read_timeout} is 2 s: each
 * gets a 408 or its connection closed, well before the bound the test reads with, and the daemon
 * keeps serving.
 */
class HttpTimeoutsTest {
  /** Far above the 2 s timeout (+1 s of the JDK's check): a read that outlasts it is a failure. */
  private static final Duration BOUND = Duration.ofSeconds(20);

  @TempDir static Path dir;
  static DaemonProcess daemon;

  @BeforeAll
  static void startDaemon() throws Exception {
    daemon = DaemonProcess.start(dir.resolve("data"), Map.of("REPRISE_HTTP_READ_TIMEOUT", "2s"));
    daemon.awaitEvent("daemon_started");
  }

  @AfterAll
  static void stopDaemon() {
    daemon.close();
  }

  private static String post(String path, String... headers) throws Exception {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + daemon.token()
        + "\r\nContent-Type: application/json\r\n"
        + String.join("", headers)
        + "\r\n";
  }

  @Test
  void aBodyThatStopsComingGets408AndItsConnectionClosed() throws Exception {
    try (RawHttp c = new RawHttp(daemon.base(), BOUND)) {
      c.send(post("/api/runs", "Content-Length: 100\r\n") + "{");
      RawHttp.Response r = c.response();
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.json().path("error").asText()).isEqualTo("request_timeout");
      assertThat(r.json().path("message").asText()).contains("http.read_timeout");
      assertThat(r.headers()).containsEntry("connection", "close");
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(daemon.get("/api/health").status()).isEqualTo(200);
  }

  @Test
  void aChunkedBodyThatStopsComingGets408() throws Exception {
    try (RawHttp c = new RawHttp(daemon.base(), BOUND)) {
      c.send(post("/api/runs", "Transfer-Encoding: chunked\r\n") + "5\r\n{\"wor");
      RawHttp.Response r = c.response();
      assertThat(r).isNotNull();
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void headersThatNeverEndHaveTheirConnectionClosed() throws Exception {
    try (RawHttp c = new RawHttp(daemon.base(), BOUND)) {
      c.send("POST /api/runs HTTP/1.1\r\nHost: localhost\r\nContent-Le");
      // the JDK's server reads the headers before the daemon sees the request: it closes, with
      // no answer
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (RawHttp c = new RawHttp(daemon.base(), BOUND)) {
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aBodyOverTheLimitIs413FromItsContentLengthWithoutBeingSent() throws Exception {
    try (RawHttp c = new RawHttp(daemon.base(), BOUND)) {
      // the body is never sent: an answer read from the headers alone, not a 408
      c.send(post("/api/runs", "Content-Length: 2000000\r\n"));
      RawHttp.Response r = c.response();
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.json().path("error").asText()).isEqualTo("body_too_large");
      assertThat(r.headers()).containsEntry("connection", "close");
    }
  }

  @Test
  void aCompleteRequestOnAKeptAliveConnectionIsAnsweredAndTheConnectionKept() throws Exception {
    String body = "{\"workflow\":\"expense\",\"bogus\":1}";
    try (RawHttp c = new RawHttp(daemon.base(), BOUND)) {
      c.send(post("/api/runs", "Content-Length: " + body.length() + "\r\n") + body);
      RawHttp.Response first = c.response();
      assertThat(first.status()).isEqualTo(400);
      assertThat(first.json().path("field").asText()).isEqualTo("bogus");
      assertThat(first.headers()).doesNotContainKey("connection");
      c.send("GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(c.response().status()).isEqualTo(200);
    }
  }

  @Test
  void badChunkingIsA400InJson() throws Exception {
    try (RawHttp c = new RawHttp(daemon.base(), BOUND)) {
      c.send(post("/api/runs", "Transfer-Encoding: chunked\r\n") + "ZZ\r\n{}\r\n0\r\n\r\n");
      RawHttp.Response r = c.response();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("error").asText()).isEqualTo("bad_request");
      assertThat(r.json().path("message").asText()).startsWith("cannot read the body");
    }
  }
}
