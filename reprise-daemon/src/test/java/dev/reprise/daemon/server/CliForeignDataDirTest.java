package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.reprise.daemon.Cli.Result;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI refuses a data directory another local user owns, as the daemon does, before it reads or
 * sends anything: that user could have put there a token of their own and a listener that proves
 * itself under it.
 */
class CliForeignDataDirTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /**
   * Another local user made the directory the CLI is pointed at (or the cwd's ./.reprise, for the
   * default), with a token of their own and a listener that answers the challenge under it.
   */
  @Test
  void aDataDirectoryOwnedByAnotherUserIsRefusedAndReceivesNothing() throws Exception {
    Assumptions.assumeTrue(OtherUser.available(), "needs root to hand files to nobody");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = Files.createDirectories(dir.resolve("shared/.reprise/run"));
    data = data.getParent();
    String token = "0123456789abcdef".repeat(4);
    Files.writeString(data.resolve("token"), token + "\n");

    List<String> captured = new CopyOnWriteArrayList<>();
    HttpServer fake =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    int port = fake.getAddress().getPort();
    long pid = ProcessHandle.current().pid();
    fake.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          captured.add(
              ex.getRequestURI().getPath()
                  + " "
                  + ex.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + body);
          String answer;
          if (ex.getRequestURI().getPath().equals("/api/challenge")) {
            String nonce = JSON.readTree(body).path("nonce").asText();
            String proof = ApiToken.proof(token, pid, port, nonce);
            answer = "{\"proof\":\"" + proof + "\",\"read_proof\":\"" + proof + "\"}";
          } else {
            answer =
                "{\"id\":\"r-1\",\"workflow\":\"payment\",\"status\":\"pending\","
                    + "\"created_at\":\"2026-01-01T00:00:00Z\",\"steps\":[],\"tags\":{}}";
          }
          byte[] out = answer.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    fake.start();
    try {
      Files.writeString(
          data.resolve("run/daemon.json"),
          "{\"pid\":"
              + pid
              + ",\"http_host\":\"127.0.0.1\",\"http_port\":"
              + port
              + ",\"data_dir\":\""
              + data
              + "\",\"tls\":false}");
      // everything in it is nobody's, as if nobody had made it
      for (Path p :
          List.of(
              data.getParent(),
              data,
              data.resolve("run"),
              data.resolve("run/daemon.json"),
              data.resolve("token"))) {
        Files.setAttribute(p, "unix:uid", 65534);
      }

      Result r =
          reprise(
              "submit",
              "payment",
              "--data-dir",
              data.toString(),
              "--input",
              "{\"card\":\"4111-1111-1111-1111\",\"amountCents\":5}");

      assertThat(captured).as("what another user's listener received").isEmpty();
      assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
      assertThat(r.err()).contains("is owned by nobody, not by you");
    } finally {
      fake.stop(0);
    }
  }
}
