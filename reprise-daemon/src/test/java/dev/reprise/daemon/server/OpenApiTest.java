package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.server.DaemonProcess.Answer;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the routes the server answers are the same set. */
class OpenApiTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @TempDir Path dir;

  private static Set<String> documented(JsonNode doc) {
    Set<String> ops = new TreeSet<>();
    doc.path("paths")
        .properties()
        .forEach(
            p ->
                p.getValue()
                    .properties()
                    .forEach(
                        m -> {
                          if (METHODS.contains(m.getKey())) {
                            ops.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
                          }
                        }));
    return ops;
  }

  @Test
  void theDocumentServedListsEveryRouteTheServerAnswersAndNoOther() throws Exception {
    try (DaemonProcess d = DaemonProcess.started(dir.resolve("data"))) {
      Answer served = d.get("/api/openapi.json");
      assertThat(served.status()).isEqualTo(200);
      JsonNode doc = served.body();
      assertThat(doc.path("openapi").asText()).startsWith("3.");
      Set<String> documented = documented(doc);

      Set<String> routes = new TreeSet<>();
      for (Route r : new ApiRoutes(null).routes()) {
        routes.add(r.method() + " " + r.template());
      }
      assertThat(documented).isEqualTo(routes);

      for (String op : documented) {
        String method = op.substring(0, op.indexOf(' '));
        String path =
            op.substring(op.indexOf(' ') + 1)
                .replace("{id}", "no-such-run")
                .replace("{name}", "no-such");
        Answer a =
            d.send(
                HttpRequest.newBuilder(d.base().resolve(path))
                    .header("Authorization", "Bearer " + d.token())
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(a.status()).as(op + " answers " + a.body()).isNotEqualTo(405);
        assertThat(a.body().path("error").asText()).as(op).isNotEqualTo("route_not_found");
        assertThat(a.status()).as(op).isLessThan(500);
      }
      assertThat(d.get("/api/undocumented").body().path("error").asText())
          .isEqualTo("route_not_found");
    }
  }

  @Test
  void everyRouteIsDocumentedWithTheTokensItTakes() throws Exception {
    JsonNode doc;
    try (var in = ApiRoutes.class.getResourceAsStream("openapi.json")) {
      doc = DaemonProcess.JSON.readTree(in);
    }
    for (Route r : new ApiRoutes(null).routes()) {
      JsonNode op = doc.path("paths").path(r.template()).path(r.method().toLowerCase(Locale.ROOT));
      Set<String> schemes = new TreeSet<>();
      op.path("security").forEach(s -> s.fieldNames().forEachRemaining(schemes::add));
      Set<String> expected =
          switch (r.access()) {
            case OPEN -> Set.of();
            case READ -> Set.of("token", "read_token");
            case WRITE -> Set.of("token");
          };
      assertThat(schemes).as(r.method() + " " + r.template()).isEqualTo(expected);
    }
    assertThat(
            new ApiRoutes(null)
                .routes().stream()
                    .filter(r -> r.access() == Route.Access.OPEN)
                    .map(Route::template))
        .as("only health, readiness and the challenge answer without a token")
        .containsExactlyInAnyOrder("/api/health", "/api/ready", "/api/challenge");
  }
}
