package dev.reprise.daemon.demo;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.daemon.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void runsSurviveKillsWithNoCompletedStepRunAgainAndNoDuplicateEffect() throws Exception {
    Result r =
        reprise(
            "demo", "--runs", "40", "--crashes", "2", "--json", "--seed", "42", "--timeout", "60");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    JsonNode json = JSON.readTree(r.lastLine());
    int sagas = json.get("sagas").asInt();
    assertThat(sagas).as("10%% of the runs by default").isEqualTo(4);
    assertThat(json.get("runs").asInt()).isEqualTo(40);
    assertThat(json.get("completed").asInt()).isEqualTo(40 - sagas);
    assertThat(json.get("compensated").asInt()).isEqualTo(sagas);
    assertThat(json.get("crashes").asInt()).isEqualTo(2);
    assertThat(json.get("recovered_runs").asInt())
        .as("runs taken back after the kills")
        .isPositive();
    assertThat(json.get("completed_steps_rerun").asInt()).isZero();
    assertThat(json.get("duplicate_effects").asInt()).isZero();
    assertThat(json.get("missing_effects").asInt()).isZero();
    assertThat(json.get("steps_completed").asInt())
        .as("5 per payment; reserve, charge and their 2 compensations per refused saga")
        .isEqualTo((40 - sagas) * 5 + sagas * 4);
    assertThat(json.get("recovery_ms").isIntegralNumber()).isTrue();
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(r.out()).contains("PASS");
  }

  @Test
  void refusedSagasAreCompensatedExactlyOnceAcrossKillsAndLeftForDiag() throws Exception {
    Path data = dir.resolve("demo-data");
    Result r =
        reprise(
            "demo",
            "--runs",
            "30",
            "--crashes",
            "3",
            "--saga-failures",
            "0.5",
            "--seed",
            "7",
            "--data-dir",
            data.toString(),
            "--timeout",
            "60",
            "--json");

    assertThat(r.exitCode()).as(r.describe()).isZero();
    JsonNode json = JSON.readTree(r.lastLine());
    assertThat(json.get("sagas").asInt()).isEqualTo(15);
    assertThat(json.get("compensated").asInt()).isEqualTo(15);
    assertThat(json.get("completed").asInt()).isEqualTo(15);
    assertThat(json.get("failed_compensation").asInt()).isZero();
    assertThat(json.get("compensations_checked").asInt())
        .as("reserve and charge of every refused saga")
        .isEqualTo(30);
    assertThat(json.get("compensation_violations").asInt()).isZero();
    assertThat(json.get("completed_steps_rerun").asInt()).isZero();
    assertThat(json.get("duplicate_effects").asInt()).isZero();
    assertThat(json.get("missing_effects").asInt()).isZero();
    assertThat(r.out()).contains(data.resolve("reprise.db").toString());
    assertThat(data.resolve("reprise.db")).isRegularFile();
    assertThat(data.resolve("ledger.db")).isRegularFile();

    Result diag =
        reprise(
            "diag",
            "sagas",
            "--db",
            data.resolve("reprise.db").toString(),
            "--status",
            "failed",
            "--json");
    assertThat(diag.exitCode()).as(diag.describe()).isZero();
    JsonNode failed = JSON.readTree(diag.out());
    assertThat(failed).hasSize(15);
    for (JsonNode run : failed) {
      assertThat(run.get("workflow").asText()).isEqualTo("order");
      assertThat(run.get("compensated").asBoolean()).isTrue();
      assertThat(run.get("failure_reason").asText()).contains("step 'ship' (seq 3) failed");
    }
  }

  @Test
  void sagaFailuresOutsideZeroToOneIsAUsageErrorNamingTheOption() {
    Result r = reprise("demo", "--saga-failures", "1.5");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--saga-failures")
        .contains("1.5");
  }

  @Test
  void dataDirThatIsNotEmptyIsAUsageErrorAndIsLeftAlone() throws Exception {
    Path data = Files.createDirectories(dir.resolve("used"));
    Path old = Files.writeString(data.resolve("reprise.db"), "an earlier demo");

    Result r = reprise("demo", "--data-dir", data.toString());

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--data-dir")
        .contains("not an empty directory");
    assertThat(old).hasContent("an earlier demo");
  }

  @Test
  void nonNumericRunsIsAUsageErrorNamingTheOption() {
    Result r = reprise("demo", "--runs", "abc");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().contains("--runs").contains("abc");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void negativeRunsIsAUsageErrorNamingTheOption() {
    Result r = reprise("demo", "--runs", "-1");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().contains("--runs").contains("-1");
  }

  @Test
  void zeroConcurrencyIsAUsageError() {
    Result r = reprise("demo", "--concurrency", "0");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--concurrency");
  }

  @Test
  void unknownOptionIsAUsageError() {
    Result r = reprise("demo", "--bogus");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().contains("--bogus");
  }

  @Test
  void unknownCommandIsAUsageErrorListingTheCommands() {
    Result r = reprise("bogus");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("unknown command 'bogus'")
        .contains("demo")
        .contains("diag")
        .contains("vacuum");
  }

  @Test
  void noCommandIsAUsageErrorListingTheCommands() {
    Result r = reprise();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().contains("demo");
  }
}
