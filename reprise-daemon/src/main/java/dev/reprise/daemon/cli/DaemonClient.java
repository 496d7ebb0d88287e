package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls a running daemon's API. Finds it through {@code run/daemon.json} in the data directory and
 * sends the token from its {@code token} file. A daemon that is not there, or an API error, is a
 * {@link CommandFailure} whose message says what to do.
 */
final class DaemonClient {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    JsonNode endpoint;
    try {
      endpoint = JSON.readTree(Files.readString(dir.endpointFile()));
    } catch (NoSuchFileException e) {
      throw new CommandFailure(
          "daemon_not_running",
          "no daemon is running for "
              + dir.root()
              + " (no "
              + dir.endpointFile()
              + "); start one with 'reprise daemon --data-dir "
              + dir.root()
              + "'");
    } catch (IOException e) {
      throw new CommandFailure("cannot read " + dir.endpointFile() + ": " + e.getMessage(), e);
    }
    String host = endpoint.path("http_host").asText("127.0.0.1");
    int port = endpoint.path("http_port").asInt();
    String token;
    try {
      token = ApiToken.read(dir.tokenFile());
    } catch (IOException e) {
      token = null;
    }
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    return new DaemonClient(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        URI.create("http://" + hostPart + ":" + port),
        token,
        host + ":" + port + " (pid " + endpoint.path("pid").asText("?") + ")");
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  JsonNode post(String path, Object body) {
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(body == null ? Map.of() : body);
    } catch (IOException e) {
      throw new CommandFailure("cannot write the request: " + e.getMessage(), e);
    }
    return send(
        authorized(HttpRequest.newBuilder(base.resolve(path)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
  }

  JsonNode delete(String path) {
    return send(authorized(HttpRequest.newBuilder(base.resolve(path))).DELETE());
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    return token == null ? b : b.header("Authorization", "Bearer " + token);
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
    if (response.statusCode() >= 400) {
      String message = body.path("message").asText(response.body());
      throw new CommandFailure(
          body.path("error").asText("http_" + response.statusCode()),
          message + " (HTTP " + response.statusCode() + ")",
          response.statusCode(),
          body.path("field").isTextual() ? body.path("field").asText() : null);
    }
    return body;
  }
}
