package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.Ids;
import dev.reprise.daemon.CommandFailure;
import dev.reprise.daemon.server.ApiToken;
import dev.reprise.daemon.server.DataDir;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls a running daemon's API. Finds it through {@code run/daemon.json} in the data directory, and
 * sends the token of its {@code token} file only once the process listening there has proven to be
 * that daemon: the pid recorded is alive, and the listener answers a fresh nonce with the HMAC that
 * only a holder of the token can compute, bound to the recorded pid and port ({@link
 * ApiToken#proof}). A daemon that died uncleanly leaves a stale file behind, and whoever binds its
 * port then gets nothing. With TLS, the certificate must be the one recorded in the file.
 *
 * <p>A daemon that is not there, one that does not prove itself, or an API error, is a {@link
 * CommandFailure} whose message says what to do.
 */
final class DaemonClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpClient http;
  private final URI base;
  private final String token;
  private final String where;

  private DaemonClient(HttpClient http, URI base, String token, String where) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.where = where;
  }

  static DaemonClient connect(DataDir dir) {
    requireOwnedByUs(dir.root());
    requireOwnedByUs(dir.tokenFile());
    Endpoint endpoint = Endpoint.read(dir);
    String token;
    try {
      token = ApiToken.read(dir.tokenFile());
    } catch (IOException e) {
      throw new CommandFailure(
          "cannot read the daemon's token: " + e.getMessage() + " (run as the daemon's user)", e);
    }
    HttpClient http = endpoint.client();
    DaemonClient client = new DaemonClient(http, endpoint.base(), token, endpoint.describe());
    client.challenge(endpoint);
    return client;
  }

  /**
   * Refuses a data directory (or token) another user owns, as the daemon does: that user made or
   * can change what is in it, so its {@code daemon.json}, its token and whatever answers the
   * challenge under that token may all be theirs, and a submit would hand them the run's input.
   */
  private static void requireOwnedByUs(java.nio.file.Path path) {
    String owner;
    try {
      owner = Files.getOwner(path, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName();
    } catch (NoSuchFileException e) {
      return; // nothing there: reading it fails next, saying so
    } catch (IOException | UnsupportedOperationException e) {
      return; // no owners on this file system
    }
    String me = System.getProperty("user.name");
    if (!owner.equals(me)) {
      throw new CommandFailure(
          "data_dir_not_yours",
          path
              + " is owned by "
              + owner
              + ", not by you ("
              + me
              + "): its daemon could be anyone's, so nothing was sent; run the command as "
              + owner
              + " (sudo -u "
              + owner
              + " reprise ...)");
    }
  }

  /**
   * Asks the listener to prove it holds the token, sending no token. Fails unless the answer is the
   * proof under the token for this nonce and the recorded pid and port.
   */
  private void challenge(Endpoint endpoint) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    JsonNode answer;
    try {
      answer =
          send(
              HttpRequest.newBuilder(base.resolve("/api/challenge"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"nonce\":\"" + nonce + "\"}")));
    } catch (CommandFailure e) {
      if (e.getCause() instanceof ConnectException) {
        throw e;
      }
      throw notProven(endpoint, e.getMessage());
    }
    String expected = ApiToken.proof(token, endpoint.pid(), endpoint.port(), nonce);
    String given = answer.path("proof").asText("");
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
      throw notProven(endpoint, "its answer to the challenge is not the token's");
    }
  }

  private CommandFailure notProven(Endpoint endpoint, String why) {
    return new CommandFailure(
        "daemon_not_proven",
        "the process at "
            + where
            + " did not prove to be the daemon of "
            + endpoint.dataDir().root()
            + " ("
            + why
            + "); the token was not sent. If the daemon stopped uncleanly, start it again with"
            + " 'reprise daemon --data-dir "
            + endpoint.dataDir().root()
            + "'");
  }

  static String segment(String value) {
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    // a segment of dots would be resolved away as "." or ".."; encoded, it reaches the daemon
    return encoded.chars().allMatch(c -> c == '.') ? encoded.replace(".", "%2E") : encoded;
  }

  static String query(Map<String, String> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach(
        (k, v) -> {
          if (v != null) {
            q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return q.toString();
  }

  JsonNode get(String path) {
    return send(authorized(HttpRequest.newBuilder(base.resolve(path))).GET());
  }

  JsonNode post(String path, Object body) {
    return send(
        authorized(HttpRequest.newBuilder(base.resolve(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json(body))));
  }

  JsonNode delete(String path, Object body) {
    return send(
        authorized(HttpRequest.newBuilder(base.resolve(path)))
            .header("Content-Type", "application/json")
            .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(json(body))));
  }

  private static byte[] json(Object body) {
    try {
      return JSON.writeValueAsBytes(body == null ? Map.of() : body);
    } catch (IOException e) {
      throw new CommandFailure("cannot write the request: " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    return b.header("Authorization", "Bearer " + token);
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new CommandFailure(
          "daemon_unreachable",
          "the daemon at " + where + " does not answer; is it running? (" + e + ")",
          e);
    } catch (IOException e) {
      throw new CommandFailure(
          "daemon_unreachable", "the daemon at " + where + " failed to answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure("interrupted", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CommandFailure(
          "bad_answer",
          "the daemon answered " + response.statusCode() + " with a body that is not JSON",
          e);
    }
    if (body == null) {
      throw new CommandFailure("the daemon answered " + response.statusCode() + " with no body");
    }
    if (response.statusCode() >= 400) {
      // written to a terminal: what a listener sends cannot move the cursor or fake a line
      String message = Ids.printable(body.path("message").asText(response.body()));
      CommandFailure refused =
          new CommandFailure(
              Ids.printable(body.path("error").asText("http_" + response.statusCode())),
              message + " (HTTP " + response.statusCode() + ")",
              response.statusCode(),
              body.path("field").isTextual() ? Ids.printable(body.path("field").asText()) : null);
      if (body.path("existing_run").isTextual()) {
        refused.detail("existing_run", body.path("existing_run").asText());
      }
      throw refused;
    }
    return body;
  }

  /** What {@code run/daemon.json} records. */
  private record Endpoint(
      DataDir dataDir, long pid, String host, int port, boolean tls, String certificateSha256) {

    static Endpoint read(DataDir dir) {
      JsonNode e;
      try {
        e = JSON.readTree(Files.readString(dir.endpointFile()));
      } catch (NoSuchFileException x) {
        throw new CommandFailure(
            "daemon_not_running",
            "no daemon is running for "
                + dir.root()
                + " (no "
                + dir.endpointFile()
                + "); start one with 'reprise daemon --data-dir "
                + dir.root()
                + "'");
      } catch (IOException x) {
        throw new CommandFailure("cannot read " + dir.endpointFile() + ": " + x.getMessage(), x);
      }
      long pid = e.path("pid").asLong(-1);
      if (pid <= 0 || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
        throw new CommandFailure(
            "daemon_not_running",
            "no daemon is running for "
                + dir.root()
                + ": "
                + dir.endpointFile()
                + " names pid "
                + pid
                + ", which is not running (the daemon stopped without cleaning up); start one with"
                + " 'reprise daemon --data-dir "
                + dir.root()
                + "'");
      }
      return new Endpoint(
          dir,
          pid,
          e.path("http_host").asText("127.0.0.1"),
          e.path("http_port").asInt(),
          e.path("tls").asBoolean(false),
          e.path("tls_certificate_sha256").asText(null));
    }

    /** The address to call: a daemon listening on every address is called on loopback. */
    URI base() {
      String h =
          switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]", "0:0:0:0:0:0:0:0" -> "::1";
            default -> host;
          };
      String hostPart = h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
      return URI.create((tls ? "https://" : "http://") + hostPart + ":" + port);
    }

    HttpClient client() {
      HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
      if (tls) {
        if (certificateSha256 == null) {
          throw new CommandFailure(
              dataDir.endpointFile() + " records TLS but no certificate to check it against");
        }
        b.sslContext(PinnedCertificate.context(certificateSha256));
      }
      return b.build();
    }

    String describe() {
      return host + ":" + port + " (pid " + pid + ")";
    }
  }
}
