package dev.reprise.daemon.ops;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.Reprise;
import dev.reprise.RunContext;
import dev.reprise.RunStatus;
import dev.reprise.Wait;
import dev.reprise.Workflow;
import dev.reprise.daemon.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
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

  /**
   * An order, version 1 or 2: version 2 renamed its second step, so that a run of version 1 that
   * version 2 replays is stopped by a replay mismatch. Both wait for the signal {@code go}.
   */
  static final class Order implements Workflow<String, String> {
    final int version;

    Order(int version) {
      this.version = version;
    }

    @Override
    public String name() {
      return "order";
    }

    @Override
    public String run(RunContext ctx, String id) {
      ctx.step("reserve", () -> "hold-" + id);
      ctx.step(version == 1 ? "charge" : "charge-card", () -> "charged-" + id);
      return ctx.awaitSignal("go", String.class, Duration.ofDays(1)).orElse("none");
    }
  }

  private Reprise engine(int version) {
    Reprise r = Reprise.builder().sqlite(db).workflow(new Order(version)).build();
    r.start();
    return r;
  }

  /**
   * A run of version 1 parked on its signal, then signalled under version 2, whose replay stops it;
   * and a run of version 2 waiting for its signal. Returns the ids: the blocked run, then the
   * other.
   */
  private List<String> blockedAndWaiting() {
    String blocked;
    try (Reprise r = engine(1)) {
      blocked = r.submit(new Order(1), "o-1").id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(blocked).status() == RunStatus.WAITING);
    }
    String waiting;
    try (Reprise r = engine(2)) {
      r.signal(blocked, "go", "now");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(blocked).waitingFor() instanceof Wait.Operator);
      waiting = r.submit(new Order(2), "o-2").id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(waiting).waitingFor() instanceof Wait.Signal);
    }
    return List.of(blocked, waiting);
  }

  @Test
  void aRunStoppedByAReplayMismatchSaysSoWithWhyAndTheWaysOn() {
    List<String> ids = blockedAndWaiting();
    String blocked = ids.get(0);

    Result r = diag();

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out())
        .as(r.describe())
        .contains(blocked + "  order  waiting  (BLOCKED: replay mismatch)")
        .contains(
            "  BLOCKED    stopped by a replay mismatch (the workflow's code no longer matches its"
                + " journal); it waits for an operator")
        .containsPattern("  why        .*seq 2.*'charge'.*'charge-card'")
        .contains(
            "  next       fix the code, then 'reprise resume "
                + blocked
                + " --db "
                + db
                + "' (the same run and step keys; each daemon start also tries it again")
        .contains("'reprise cancel " + blocked + " --db " + db + "'")
        .contains("  waiting    for signal 'go' until ")
        .contains("waiting 2 (1 blocked)");
    assertThat(r.out().lines())
        .as("a run that waits for its signal is not blocked")
        .contains(ids.get(1) + "  order  waiting");
  }

  @Test
  void jsonSaysWhatAWaitingRunWaitsForAsTheApiDoes() throws Exception {
    List<String> ids = blockedAndWaiting();

    Result r = diag("--status", "waiting", "--json");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    Map<String, JsonNode> byId = byId(JSON.readTree(r.out()));
    JsonNode blocked = byId.get(ids.get(0)).get("waiting_for");
    assertThat(blocked.get("kind").asText()).isEqualTo("operator");
    assertThat(blocked.get("cause").asText()).isEqualTo(Wait.Operator.NONDETERMINISM);
    assertThat(blocked.get("reason").asText())
        .contains("seq 2")
        .contains("'charge'")
        .contains("'charge-card'");
    JsonNode waiting = byId.get(ids.get(1)).get("waiting_for");
    assertThat(waiting.get("kind").asText()).isEqualTo("signal");
    assertThat(waiting.get("name").asText()).isEqualTo("go");
    assertThat(byId.get(made.completed().get(0))).isNull();
    assertThat(JSON.readTree(diag("--json").out()).get(0).has("waiting_for")).isTrue();
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
