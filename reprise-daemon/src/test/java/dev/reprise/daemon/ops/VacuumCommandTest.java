package dev.reprise.daemon.ops;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.daemon.Cli.Result;
import dev.reprise.testing.SettableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VacuumCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<RunInfo> runsIn(Path db) {
    try (RepriseClient reader = Reprise.builder().sqlite(db).readOnly().buildClient()) {
      return reader.runs(RunFilter.all());
    }
  }

  @Test
  void deletesTheRunsThatEndedBeforeTheAgeAndKeepsNewerAndUnfinishedOnes() throws Exception {
    Path db = dir.resolve("reprise.db");
    Trips.Made old =
        Trips.make(db, SettableClock.manual(Instant.parse("2020-01-01T00:00:00Z")), 2, 1, 1);
    Trips.Made recent = Trips.make(db, 1, 1, 0);
    String pending;
    try (RepriseClient client =
        Reprise.builder()
            .sqlite(db)
            .clock(SettableClock.manual(Instant.parse("2020-01-01T00:00:00Z")))
            .buildClient()) {
      // no process executes runs here: it stays pending, however old
      pending = client.submit(new TripSaga(), new TripSaga.Trip(false, false)).id();
    }

    Result r = reprise("vacuum", "--db", db.toString(), "--older-than", "30d");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.out().strip()).isEqualTo("deleted 3 runs that ended more than 30d ago from " + db);
    List<String> kept = new ArrayList<>(recent.all());
    kept.add(pending);
    // a failed_compensation run waits for an operator, however old
    kept.addAll(old.failedCompensation());
    assertThat(runsIn(db)).extracting(RunInfo::id).containsExactlyInAnyOrderElementsOf(kept);
    assertThat(old.completed()).doesNotContainAnyElementsOf(kept);
    assertThat(old.compensated()).doesNotContainAnyElementsOf(kept);

    Instant lastEnd =
        runsIn(db).stream()
            .map(RunInfo::endedAt)
            .filter(t -> t != null)
            .max(Instant::compareTo)
            .orElseThrow();
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(lastEnd));
    Result all = reprise("vacuum", "--db", db.toString(), "--older-than", "0s", "--json");

    assertThat(all.exitCode()).as(all.describe()).isZero();
    JsonNode json = JSON.readTree(all.out());
    assertThat(json.get("deleted").asInt()).isEqualTo(2);
    assertThat(json.get("older_than").asText()).isEqualTo("0s");
    assertThat(json.get("db").asText()).isEqualTo(db.toString());
    assertThat(runsIn(db))
        .extracting(RunInfo::id, RunInfo::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(pending, RunStatus.PENDING),
            org.assertj.core.groups.Tuple.tuple(
                old.failedCompensation().get(0), RunStatus.FAILED_COMPENSATION));
  }

  @Test
  void ageInIsoEightySixOhOneIsAccepted() throws Exception {
    Path db = dir.resolve("reprise.db");
    Trips.make(db, 1, 0, 0);

    Result r = reprise("vacuum", "--db", db.toString(), "--older-than", "P30D", "--json");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("deleted").asInt()).isZero();
    assertThat(json.get("older_than_seconds").asLong()).isEqualTo(Duration.ofDays(30).toSeconds());
    assertThat(runsIn(db)).hasSize(1);
  }

  @Test
  void ageThatIsNotAnAgeIsAUsageErrorNamingTheOption() {
    Result r = reprise("vacuum", "--db", "x.db", "--older-than", "abc");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--older-than")
        .contains("'abc'");
  }

  @Test
  void negativeAgeIsAUsageErrorNamingTheOption() {
    for (String age : List.of("-1d", "PT-5M")) {
      Result r = reprise("vacuum", "--db", "x.db", "--older-than", age);

      assertThat(r.exitCode()).as(age).isEqualTo(2);
      assertThat(r.err().lines())
          .singleElement()
          .asString()
          .contains("--older-than")
          .contains("negative");
    }
  }

  @Test
  void missingAgeIsAUsageError() {
    Result r = reprise("vacuum", "--db", "x.db");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--older-than");
  }

  @Test
  void missingFileIsAFailureAndNoDatabaseIsCreated() {
    Path missing = dir.resolve("data").resolve("reprise.db");

    Result r = reprise("vacuum", "--db", missing.toString(), "--older-than", "30d");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains(missing.toString())
        .contains("no such database file");
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void textFileIsAFailureAndIsLeftAlone() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.db"), "not a database\n");

    Result r = reprise("vacuum", "--db", text.toString(), "--older-than", "30d");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains(text.toString())
        .contains("not an SQLite database");
    assertThat(text).hasContent("not a database");
  }

  @Test
  void sqliteFileOfAnotherApplicationIsAFailureAndIsLeftAlone() throws Exception {
    Path other = DiagSagasCommandTest.otherSqliteFile(dir.resolve("other.db"));
    String before = DiagSagasCommandTest.sha256(other);

    Result r = reprise("vacuum", "--db", other.toString(), "--older-than", "0s");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains(other.toString())
        .contains("not a Reprise database");
    assertThat(DiagSagasCommandTest.sha256(other)).isEqualTo(before);
  }

  @Test
  void emptyFileIsAFailureAndIsLeftEmpty() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.db"));

    Result r = reprise("vacuum", "--db", empty.toString(), "--older-than", "0s");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains(empty.toString()).contains("empty file");
    assertThat(Files.size(empty)).isZero();
  }
}
