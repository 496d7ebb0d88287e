package dev.reprise.daemon.ops;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.daemon.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagSagasCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path db;
  private Trips.Made made;

  @BeforeEach
  void fillDatabase() {
    db = dir.resolve("reprise.db");
    made = Trips.make(db, 2, 1, 1);
  }

  private Result diag(String... options) {
    String[] args = new String[options.length + 4];
    args[0] = "diag";
    args[1] = "sagas";
    args[2] = "--db";
    args[3] = db.toString();
    System.arraycopy(options, 0, args, 4, options.length);
    return reprise(args);
  }

  private static Map<String, JsonNode> byId(JsonNode runs) {
    Map<String, JsonNode> byId = new HashMap<>();
    runs.forEach(run -> byId.put(run.get("id").asText(), run));
    return byId;
  }

  @Test
  void textShowsEachRunWithItsStatusReasonsAndUnfinishedSteps() {
    Result r = diag();

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out())
        .contains("4 runs in " + db)
        .contains(made.completed().get(0) + "  trip  completed")
        .contains(made.compensated().get(0) + "  trip  failed  (compensated)")
        .contains(made.failedCompensation().get(0) + "  trip  failed_compensation")
        .contains("error      java.lang.IllegalArgumentException")
        .contains(
            "step 'confirm' (seq 3) failed: java.lang.IllegalArgumentException: no seats left")
        .contains(
            "compensation of step 'book' (seq 5) failed: java.lang.IllegalStateException: "
                + TripSaga.UNDO_FAILED)
        .contains("steps      step: 2 completed, 1 failed; compensation: 1 completed, 1 failed")
        .contains("seq 3  confirm  failed  1 attempt  java.lang.IllegalArgumentException")
        .contains(
            "seq 5  compensation of book  failed  1 attempt  java.lang.IllegalStateException: "
                + TripSaga.UNDO_FAILED)
        .contains("by status: completed 2, failed 1 (1 compensated), failed_compensation 1");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void jsonListsEveryRunWithItsFailureCompensationAndAllSteps() throws Exception {
    Result r = diag("--json");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    JsonNode runs = JSON.readTree(r.out());
    assertThat(runs.isArray()).isTrue();
    Map<String, JsonNode> byId = byId(runs);
    assertThat(byId).containsOnlyKeys(made.all());

    JsonNode completed = byId.get(made.completed().get(0));
    assertThat(completed.get("workflow").asText()).isEqualTo("trip");
    assertThat(completed.get("status").asText()).isEqualTo("completed");
    assertThat(completed.get("failure_reason").isNull()).isTrue();
    assertThat(completed.get("compensated").asBoolean()).isFalse();
    assertThat(completed.get("error_type").isNull()).isTrue();
    assertThat(completed.get("created_at").asText()).endsWith("Z");
    assertThat(completed.get("ended_at").asText()).endsWith("Z");
    assertThat(completed.get("steps"))
        .extracting(s -> s.get("name").asText() + " " + s.get("status").asText())
        .containsExactly("book completed", "pay completed", "confirm completed");

    JsonNode compensated = byId.get(made.compensated().get(0));
    assertThat(compensated.get("status").asText()).isEqualTo("failed");
    assertThat(compensated.get("compensated").asBoolean()).isTrue();
    assertThat(compensated.get("error_type").asText())
        .isEqualTo(IllegalArgumentException.class.getName());
    assertThat(compensated.get("error_message").asText()).contains(TripSaga.REFUSED);
    assertThat(compensated.get("failure_reason").asText())
        .contains("step 'confirm' (seq 3) failed");
    assertThat(compensated.get("steps"))
        .extracting(
            s ->
                s.get("seq").asInt()
                    + " "
                    + s.get("kind").asText()
                    + " "
                    + s.get("name").asText()
                    + " "
                    + s.get("status").asText())
        .containsExactly(
            "1 step book completed",
            "2 step pay completed",
            "3 step confirm failed",
            "4 compensation pay completed",
            "5 compensation book completed");

    JsonNode broken = byId.get(made.failedCompensation().get(0));
    assertThat(broken.get("status").asText()).isEqualTo("failed_compensation");
    assertThat(broken.get("compensated").asBoolean()).isFalse();
    assertThat(broken.get("failure_reason").asText().lines())
        .as("the first failure, then the compensation's, each on its own line")
        .hasSize(2)
        .satisfiesExactly(
            first -> assertThat(first).contains("step 'confirm' (seq 3) failed"),
            second -> assertThat(second).contains("compensation of step 'book' (seq 5) failed"));
    JsonNode undo = broken.get("steps").get(4);
    assertThat(undo.get("seq").asInt()).isEqualTo(5);
    assertThat(undo.get("kind").asText()).isEqualTo("compensation");
    assertThat(undo.get("status").asText()).isEqualTo("failed");
    assertThat(undo.get("attempts").asInt()).isEqualTo(1);
    assertThat(undo.get("error_type").asText()).isEqualTo(IllegalStateException.class.getName());
    assertThat(undo.get("error_message").asText()).isEqualTo(TripSaga.UNDO_FAILED);
  }

  @Test
  void statusListsOnlyTheRunsInThatStatus() throws Exception {
    Result r = diag("--status", "failed_compensation", "--json");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    JsonNode runs = JSON.readTree(r.out());
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("id").asText()).isEqualTo(made.failedCompensation().get(0));
    assertThat(runs.get(0).get("steps")).hasSize(5);
  }

  @Test
  void limitKeepsTheMostRecentRuns() throws Exception {
    Result r = diag("--limit", "1", "--json");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(JSON.readTree(r.out()))
        .singleElement()
        .satisfies(
            run -> assertThat(run.get("id").asText()).isEqualTo(made.failedCompensation().get(0)));
  }

  @Test
  void diagLeavesTheDatabaseFileUnchanged() throws Exception {
    String before = sha256(db);

    assertThat(diag().exitCode()).isZero();
    assertThat(diag("--json").exitCode()).isZero();
    assertThat(diag("--status", "failed,completed").exitCode()).isZero();

    assertThat(sha256(db)).isEqualTo(before);
  }

  @Test
  void missingFileIsAFailureNamingTheFile() {
    Path missing = dir.resolve("nope.db");

    Result r = reprise("diag", "sagas", "--db", missing.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains(missing.toString())
        .contains("no such database file");
    assertThat(missing).doesNotExist();
  }

  @Test
  void textFileIsAFailureSayingItIsNotADatabase() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.db"), "not a database\n");

    Result r = reprise("diag", "sagas", "--db", text.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains(text.toString())
        .contains("not an SQLite database");
  }

  @Test
  void sqliteFileOfAnotherApplicationIsAFailureSayingItIsNotReprises() throws Exception {
    Path other = otherSqliteFile(dir.resolve("other.db"));
    String before = sha256(other);

    Result r = reprise("diag", "sagas", "--db", other.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains(other.toString())
        .contains("not a Reprise database");
    assertThat(sha256(other)).isEqualTo(before);
  }

  @Test
  void unknownStatusIsAUsageErrorNamingTheOptionAndTheStatuses() {
    Result r = diag("--status", "broken");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--status")
        .contains("'broken'")
        .contains("failed_compensation");
  }

  @Test
  void limitOutsideOneToTenThousandIsAUsageErrorNamingTheOption() {
    for (String limit : List.of("0", "10001", "-3")) {
      Result r = diag("--limit", limit);

      assertThat(r.exitCode()).as(limit).isEqualTo(2);
      assertThat(r.err().lines()).singleElement().asString().contains("--limit").contains(limit);
    }
  }

  @Test
  void diagWithoutASubcommandIsAUsageErrorListingSagas() {
    Result r = reprise("diag");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().contains("sagas");
  }

  static Path otherSqliteFile(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("create table invoices (id integer primary key, total integer)");
      s.execute("insert into invoices (total) values (1200)");
    }
    return file;
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
