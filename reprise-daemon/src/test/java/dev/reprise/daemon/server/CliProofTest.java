package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.reprise.daemon.Cli.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI sends its token only to a process that proves to be its daemon. Another local user who
 * listens on the port recorded in {@code run/daemon.json} gets nothing, whether the daemon died
 * uncleanly or not.
 */
class CliProofTest {
  @TempDir Path dir;

  /** A listener that records every byte sent to it and never answers. */
  private static final class Recorder implements AutoCloseable {
    final ServerSocket socket;
    final List<String> received = new CopyOnWriteArrayList<>();

    Recorder(int port) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      Thread.ofVirtual()
          .start(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    s.setSoTimeout(2000);
                    InputStream in = s.getInputStream();
                    received.add(new String(in.readNBytes(64 * 1024), StandardCharsets.ISO_8859_1));
                  } catch (IOException e) {
                    // closed, or the client gave up
                  }
                }
              });
    }

    String all() {
      return String.join("\n", received);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A fake daemon: an HTTP server that records requests and answers challenges as told. */
  private static final class FakeDaemon implements AutoCloseable {
    final HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();

    FakeDaemon(ChallengeAnswer answer) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      server.createContext(
          "/",
          ex -> {
            try (ex) {
              String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
              requests.add(
                  ex.getRequestMethod()
                      + " "
                      + ex.getRequestURI()
                      + " "
                      + ex.getRequestHeaders().entrySet()
                      + " "
                      + body);
              byte[] reply =
                  ex.getRequestURI().getPath().equals("/api/challenge")
                      ? answer.answer(body).getBytes(StandardCharsets.UTF_8)
                      : "{\"id\":\"x\",\"status\":\"cancelled\"}".getBytes(StandardCharsets.UTF_8);
              ex.getResponseHeaders().set("Content-Type", "application/json");
              ex.sendResponseHeaders(200, reply.length);
              ex.getResponseBody().write(reply);
            } catch (IOException | InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    String all() {
      return String.join("\n", requests);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @FunctionalInterface
  private interface ChallengeAnswer {
    String answer(String challengeBody) throws IOException, InterruptedException;
  }

  private static void recordEndpoint(Path data, long pid, int port) throws IOException {
    Files.writeString(
        data.resolve("run/daemon.json"),
        "{\"pid\":"
            + pid
            + ",\"http_host\":\"127.0.0.1\",\"http_port\":"
            + port
            + ",\"data_dir\":\""
            + data
            + "\",\"tls\":false}\n");
  }

  @Test
  void afterAKillNineAListenerOnTheRecordedPortGetsNoConnectionAndNoToken() throws Exception {
    Path data = dir.resolve("data");
    String token;
    int port;
    try (DaemonProcess d = DaemonProcess.started(data)) {
      token = d.token();
      port = d.base().getPort();
      d.killHard();
    }
    assertThat(data.resolve("run/daemon.json")).as("kill -9 leaves it behind").exists();
    try (Recorder squatter = new Recorder(port)) {
      Result cancel = reprise("cancel", "some-run", "--data-dir", data.toString());

      assertThat(cancel.exitCode()).isEqualTo(1);
      assertThat(cancel.err()).contains("no daemon is running").contains("not running");
      assertThat(squatter.all()).doesNotContain(token).doesNotContain("Authorization");
      assertThat(squatter.received).as("not even a connection").isEmpty();
    }
  }

  @Test
  void aListenerThatCannotAnswerTheChallengeGetsTheNonceAndNothingElse() throws Exception {
    Path data = dir.resolve("data");
    String token;
    try (DaemonProcess d = DaemonProcess.started(data)) {
      token = d.token();
      d.killHard();
    }
    try (FakeDaemon fake = new FakeDaemon(body -> "{\"proof\":\"forged\",\"read_proof\":\"x\"}")) {
      // the pid recorded is alive (this test's own), as after the pid was reused
      recordEndpoint(data, ProcessHandle.current().pid(), fake.port());
      for (String[] command :
          List.of(
              new String[] {"cancel", "some-run", "--reason", "r"},
              new String[] {"status"},
              new String[] {"show", "some-run"},
              new String[] {"approve", "some-run", "finance", "--actor", "a", "--reason", "r"})) {
        List<String> args = new java.util.ArrayList<>(List.of(command));
        args.addAll(List.of("--data-dir", data.toString()));
        Result r = reprise(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.err())
            .contains("did not prove to be the daemon of " + data.toAbsolutePath() + " (")
            .contains("reprise daemon --data-dir " + data.toAbsolutePath() + "'")
            .doesNotContain("DataDir[")
            .contains("token was not sent");
      }
      assertThat(fake.requests)
          .hasSize(4)
          .allSatisfy(r -> assertThat(r).startsWith("POST /api/challenge "));
      assertThat(fake.all()).doesNotContain(token).doesNotContainIgnoringCase("authorization");
    }
  }

  @Test
  void whatAnImpostorAnswersReachesTheTerminalEscaped() throws Exception {
    Path data = dir.resolve("data");
    try (DaemonProcess d = DaemonProcess.started(data)) {
      assertThat(d.isAlive()).isTrue(); // its files and token exist; then it stops
    }
    HttpServer impostor =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    impostor.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            byte[] reply =
                ("{\"error\":\"x\",\"message\":\"\\u001b[2K\\r\\u001b[1Aok: daemon proven"
                        + "\\u202e\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(400, reply.length);
            ex.getResponseBody().write(reply);
          }
        });
    impostor.start();
    try {
      recordEndpoint(data, ProcessHandle.current().pid(), impostor.getAddress().getPort());
      Result r = reprise("status", "--data-dir", data.toString());
      assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
      assertThat(r.err())
          .contains("did not prove to be the daemon")
          .contains("\\u001B[2K")
          .doesNotContain("\u001b", "\r", "\u202e");
    } finally {
      impostor.stop(0);
    }
  }

  @Test
  void aChallengeRelayedToTheLiveDaemonDoesNotProveAListenerOnAnotherPort() throws Exception {
    Path data = dir.resolve("data");
    try (DaemonProcess d = DaemonProcess.started(data)) {
      String token = d.token();
      URI real = d.base();
      HttpClient http = HttpClient.newHttpClient();
      try (FakeDaemon relay =
          new FakeDaemon(
              body ->
                  http.send(
                          HttpRequest.newBuilder(real.resolve("/api/challenge"))
                              .POST(HttpRequest.BodyPublishers.ofString(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body())) {
        recordEndpoint(data, d.pid(), relay.port());
        Result r = reprise("cancel", "some-run", "--data-dir", data.toString());

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.err()).contains("did not prove to be the daemon");
        assertThat(relay.requests)
            .singleElement()
            .satisfies(q -> assertThat(q).startsWith("POST /api/challenge"));
        assertThat(relay.all()).doesNotContain(token);
      }
      recordEndpoint(data, d.pid(), real.getPort());
      Result status = reprise("status", "--data-dir", data.toString(), "--json");
      assertThat(status.exitCode())
          .as("the real daemon proves itself: " + status.describe())
          .isZero();
    }
  }

  @Test
  void theDaemonsProofIsTheHmacOfTheNonceItsPidAndPortUnderTheToken() throws Exception {
    try (DaemonProcess d = DaemonProcess.started(dir.resolve("data"))) {
      String nonce = "n".repeat(43);
      DaemonProcess.Answer a =
          d.send(
              HttpRequest.newBuilder(d.base().resolve("/api/challenge"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"nonce\":\"" + nonce + "\"}")));
      assertThat(a.status()).isEqualTo(200);
      JsonNode proof = a.body();
      assertThat(proof.path("proof").asText())
          .isEqualTo(ApiToken.proof(d.token(), d.pid(), d.base().getPort(), nonce))
          .doesNotContain(d.token());
      assertThat(proof.path("read_proof").asText())
          .isEqualTo(ApiToken.proof(d.readToken(), d.pid(), d.base().getPort(), nonce));
      assertThat(proof.toString()).doesNotContain(d.token()).doesNotContain(d.readToken());
      DaemonProcess.Answer shortNonce =
          d.send(
              HttpRequest.newBuilder(d.base().resolve("/api/challenge"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"nonce\":\"abc\"}")));
      assertThat(shortNonce.status()).isEqualTo(400);
      assertThat(shortNonce.body().path("field").asText()).isEqualTo("nonce");
    }
  }
}
