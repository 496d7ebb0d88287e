package dev.reprise.daemon.ops;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.Reprise;
import dev.reprise.daemon.Cli.Result;
import dev.reprise.test.PostgresSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code diag}, {@code export} and {@code vacuum} open the store the daemon uses: an SQLite file, a
 * PostgreSQL URL, or the daemon's config with its store, namespace and env.
 */
class StoreOptionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static JsonNode json(Result r) throws Exception {
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return JSON.readTree(r.lastLine());
  }

  @Test
  void diagExportAndVacuumTakeAPostgresUrl() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      String url = schema.url();
      Trips.Made made = Trips.make(Reprise.builder().postgres(url), 1, 1, 1);

      JsonNode runs = json(reprise("diag", "sagas", "--postgres", url, "--json"));
      assertThat(runs.findValuesAsText("id")).containsExactlyInAnyOrderElementsOf(made.all());

      Result exported = reprise("export", made.completed().get(0), "--postgres", url);
      assertThat(exported.exitCode()).as(exported.describe()).isZero();
      assertThat(JSON.readTree(exported.outLines().get(0)).path("status").asText())
          .isEqualTo("completed");
      assertThat(exported.outLines()).hasSize(4); // the run and its three steps

      JsonNode vacuumed =
          json(reprise("vacuum", "--postgres", url, "--older-than", "0s", "--json"));
      assertThat(vacuumed.path("deleted").asInt()).isEqualTo(2); // failed_compensation stays
      assertThat(vacuumed.path("db").asText()).startsWith("jdbc:postgresql:").doesNotContain("?");
    }
  }

  @Test
  void withTheDaemonsConfigTheyReadItsStoreAndNamespace() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      String url = schema.url();
      Trips.Made made =
          Trips.make(Reprise.builder().postgres(url).namespace("billing").env("staging"), 2, 0, 0);
      Path data = Files.createDirectories(dir.resolve("data"));
      Path config =
          Files.writeString(
              dir.resolve("daemon.yaml"),
              "store: postgres\npostgres:\n  url: "
                  + JSON.writeValueAsString(url)
                  + "\nnamespace: billing\nenv: staging\n");

      assertThat(json(reprise("diag", "sagas", "--postgres", url, "--json"))).isEmpty();
      JsonNode runs = json(reprise("diag", "sagas", "--config", config.toString(), "--json"));
      assertThat(runs.findValuesAsText("id")).containsExactlyInAnyOrderElementsOf(made.all());

      Files.copy(config, data.resolve("config.yaml"));
      Result exported = reprise("export", made.completed().get(0), "--data-dir", data.toString());
      assertThat(exported.exitCode()).as(exported.describe()).isZero();
      assertThat(exported.out()).contains(made.completed().get(0));
    }
  }

  @Test
  void vacuumRefusesAPostgresSchemaWithoutRepriseAndCreatesNothing() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      Result r = reprise("vacuum", "--postgres", schema.url(), "--older-than", "0s", "--json");

      assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
      assertThat(JSON.readTree(r.lastLine()).path("error").asText()).isEqualTo("store_unavailable");
      assertThat(schema.tables()).isZero();
    }
  }

  @Test
  void withoutOptionsTheyReadTheDataDirectorysConfigOnSqlite() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        data.resolve("config.yaml"), "sqlite:\n  path: elsewhere.db\nnamespace: ops\n");
    Trips.Made made =
        Trips.make(
            Reprise.builder().sqlite(data.resolve("elsewhere.db")).namespace("ops"), 1, 0, 0);

    JsonNode runs = json(reprise("diag", "sagas", "--data-dir", data.toString(), "--json"));
    assertThat(runs.findValuesAsText("id")).containsExactlyElementsOf(made.all());
    JsonNode vacuumed =
        json(reprise("vacuum", "--data-dir", data.toString(), "--older-than", "0s", "--json"));
    assertThat(vacuumed.path("deleted").asInt()).isEqualTo(1);
    assertThat(vacuumed.path("db").asText()).endsWith("elsewhere.db");
  }

  @Test
  void aPasswordInTheUrlIsNeverPrintedEvenWrittenWithASlashOrAQuestionMark() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      // trust authentication takes any password: the store opens, and the answer must not show it
      String url =
          schema.url().replace("jdbc:postgresql://", "jdbc:postgresql://postgres:se/cr?et@");
      Trips.make(Reprise.builder().postgres(url), 1, 0, 0);
      Result vacuumed = reprise("vacuum", "--postgres", url, "--older-than", "0s", "--json");
      assertThat(vacuumed.exitCode()).as(vacuumed.describe()).isZero();
      assertThat(vacuumed.out() + vacuumed.err()).doesNotContain("cr?et").doesNotContain("se/cr");
      assertThat(JSON.readTree(vacuumed.lastLine()).path("db").asText())
          .startsWith("jdbc:postgresql://postgres:***@");
    }
    Result failed =
        reprise("diag", "sagas", "--postgres", "jdbc:postgresql://u:se/cr?et@127.0.0.1:1/none");
    assertThat(failed.exitCode()).as(failed.describe()).isNotZero();
    assertThat(failed.out() + failed.err()).doesNotContain("cr?et").doesNotContain("se/cr");
  }

  @Test
  void onlyOneOfDbPostgresAndConfigIsAccepted() {
    Result r = reprise("diag", "sagas", "--db", "a.db", "--postgres", "jdbc:postgresql://h/d");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("mutually exclusive");
  }
}
