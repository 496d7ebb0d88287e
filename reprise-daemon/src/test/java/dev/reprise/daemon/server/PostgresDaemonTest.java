package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on PostgreSQL, chosen by config. Uses the server at {@code REPRISE_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), in a schema of its own; skipped
 * when none is reachable, unless {@code REPRISE_REQUIRE_PG=1}.
 */
class PostgresDaemonTest {
  private static final String BASE =
      System.getenv()
          .getOrDefault("REPRISE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  @TempDir Path dir;
  private String schema;

  private String createSchema() {
    schema = "reprise_d_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    } catch (SQLException e) {
      if ("1".equals(System.getenv("REPRISE_REQUIRE_PG"))) {
        throw new IllegalStateException("PostgreSQL is not reachable at " + BASE, e);
      }
      Assumptions.abort("PostgreSQL is not reachable at " + BASE + ": " + e.getMessage());
    }
    return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(BASE);
          Statement s = c.createStatement()) {
        s.execute("drop schema if exists " + schema + " cascade");
      }
    }
  }

  @Test
  void aDaemonOnPostgresRunsAnApprovalGateToTheEndAndDrainsOnTerm() throws Exception {
    String url = createSchema();
    try (DaemonProcess d =
        DaemonProcess.start(
            dir.resolve("data"),
            Map.of(
                "REPRISE_STORE", "postgres", "REPRISE_POSTGRES_URL", url + "&password=s3cret"))) {
      d.awaitEvent("daemon_started");
      JsonNode status = d.get("/api/status").body();
      assertThat(status.path("config").path("store").asText()).isEqualTo("postgres");
      assertThat(status.path("config").path("postgres.url").asText())
          .contains(schema)
          .doesNotContain("s3cret");

      String id =
          d.post(
                  "/api/runs",
                  "{\"workflow\":\"expense\",\"input\":{\"claimId\":\"pg\",\"employee\":\"e-17\",\"amountCents\":7}}")
              .body()
              .path("id")
              .asText();
      d.awaitRun(id, "waiting");
      d.post(
          "/api/runs/" + id + "/approve",
          "{\"gate\":\"manager\",\"actor\":\"ops-2\",\"reason\":\"ok\"}");
      assertThat(d.awaitRun(id, "completed").path("output").path("approvedBy").asText())
          .isEqualTo("ops-2");
      assertThat(d.get("/api/status").body().path("runs").path("completed").asLong()).isEqualTo(1);

      d.signal("TERM");
      assertThat(d.awaitExit(Duration.ofSeconds(60))).contains(0);
    }
  }
}
