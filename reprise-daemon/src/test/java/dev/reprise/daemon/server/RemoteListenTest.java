package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.Cli.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listening beyond loopback needs an explicit opt-in and TLS. */
class RemoteListenTest {
  @TempDir Path dir;

  private static void refusedNaming(Path data, Map<String, String> env, String setting)
      throws Exception {
    try (DaemonProcess d = DaemonProcess.start(data, env)) {
      assertThat(d.awaitExit(Duration.ofSeconds(60))).as(d.describe()).contains(1);
      assertThat(d.stderr()).contains(setting);
      assertThat(d.events("daemon_started")).isEmpty();
    }
    assertThat(data.resolve("run/daemon.json")).doesNotExist();
  }

  @Test
  void aNonLoopbackHostWithoutTheOptInOrWithoutTlsStopsTheStartNamingTheSetting() throws Exception {
    Path data = dir.resolve("data");
    refusedNaming(data, Map.of("REPRISE_HTTP_HOST", "0.0.0.0"), "http.allow_remote");
    refusedNaming(
        data,
        Map.of("REPRISE_HTTP_HOST", "0.0.0.0", "REPRISE_HTTP_ALLOW_REMOTE", "true"),
        "http.tls.keystore");
    Path keystore = TestKeystore.generate(dir.resolve("api.p12"));
    refusedNaming(
        data,
        Map.of(
            "REPRISE_HTTP_HOST", "0.0.0.0",
            "REPRISE_HTTP_ALLOW_REMOTE", "true",
            "REPRISE_HTTP_TLS_KEYSTORE", keystore.toString(),
            "REPRISE_HTTP_TLS_KEYSTORE_PASSWORD", "wrong"),
        "http.tls.keystore_password");
    refusedNaming(
        data,
        Map.of(
            "REPRISE_HTTP_HOST", "0.0.0.0",
            "REPRISE_HTTP_ALLOW_REMOTE", "true",
            "REPRISE_HTTP_TLS_KEYSTORE", dir.resolve("missing.p12").toString()),
        "http.tls.keystore");
  }

  @Test
  void withTheOptInAndAKeystoreTheApiIsServedOverTlsOnlyAndTheStartWarnsWhatIsExposed()
      throws Exception {
    Path data = dir.resolve("data");
    Path keystore = TestKeystore.generate(dir.resolve("api.p12"));
    Files.setPosixFilePermissions(
        keystore, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> env =
        Map.of(
            "REPRISE_HTTP_HOST",
            "0.0.0.0",
            "REPRISE_HTTP_ALLOW_REMOTE",
            "true",
            "REPRISE_HTTP_TLS_KEYSTORE",
            keystore.toString(),
            "REPRISE_HTTP_TLS_KEYSTORE_PASSWORD",
            TestKeystore.PASSWORD);
    try (DaemonProcess d = DaemonProcess.start(data, env)) {
      d.awaitEvent("daemon_started");
      JsonNode exposed = d.awaitEvent("http_exposed");
      assertThat(exposed.path("level").asText()).isEqualTo("warn");
      assertThat(exposed.path("http_host").asText()).isEqualTo("0.0.0.0");
      assertThat(exposed.path("exposed").asText()).contains("TLS").contains("token");
      assertThat(d.events("keystore_readable_by_others"))
          .singleElement()
          .satisfies(e -> assertThat(e.path("file").asText()).isEqualTo(keystore.toString()));

      JsonNode endpoint =
          DaemonProcess.JSON.readTree(Files.readString(data.resolve("run/daemon.json")));
      assertThat(endpoint.path("tls").asBoolean()).isTrue();
      int port = endpoint.path("http_port").asInt();
      URI https = URI.create("https://localhost:" + port);
      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(TestKeystore.trusting(keystore))
              .connectTimeout(Duration.ofSeconds(5))
              .build();

      HttpResponse<String> withToken =
          client.send(
              HttpRequest.newBuilder(https.resolve("/api/status"))
                  .header("Authorization", "Bearer " + d.token())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(withToken.statusCode()).isEqualTo(200);
      assertThat(withToken.body())
          .contains("\"state\":\"running\"")
          .doesNotContain(TestKeystore.PASSWORD);
      HttpResponse<String> without =
          client.send(
              HttpRequest.newBuilder(https.resolve("/api/runs")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(without.statusCode()).isEqualTo(401);
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(https.resolve("/api/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);

      Throwable plain =
          catchThrowable(
              () ->
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create("http://127.0.0.1:" + port + "/api/health"))
                              .timeout(Duration.ofSeconds(10))
                              .build(),
                          HttpResponse.BodyHandlers.ofString()));
      assertThat(plain).as("no plain HTTP beside TLS").isInstanceOf(IOException.class);

      Result status = reprise("status", "--data-dir", data.toString(), "--json");
      assertThat(status.exitCode()).as(status.describe()).isZero();
      assertThat(
              DaemonProcess.JSON
                  .readTree(status.lastLine())
                  .path("config")
                  .path("http.tls.keystore_password")
                  .asText())
          .isEqualTo("***");
    }
  }
}
