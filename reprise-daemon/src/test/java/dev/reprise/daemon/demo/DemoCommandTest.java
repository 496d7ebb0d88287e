package dev.reprise.daemon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.daemon.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  private record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  private static Result reprise(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void runsSurviveKillsWithNoCompletedStepRunAgainAndNoDuplicateEffect() throws Exception {
    Result r =
        reprise(
            "demo", "--runs", "40", "--crashes", "2", "--json", "--seed", "42", "--timeout", "60");

    assertThat(r.exitCode()).as("stdout:%n%s%nstderr:%n%s", r.out(), r.err()).isZero();
    List<String> lines = r.outLines();
    JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(json.get("runs").asInt()).isEqualTo(40);
    assertThat(json.get("completed").asInt()).isEqualTo(40);
    assertThat(json.get("crashes").asInt()).isEqualTo(2);
    assertThat(json.get("recovered_runs").asInt())
        .as("runs taken back after the kills")
        .isPositive();
    assertThat(json.get("completed_steps_rerun").asInt()).isZero();
    assertThat(json.get("duplicate_effects").asInt()).isZero();
    assertThat(json.get("missing_effects").asInt()).isZero();
    assertThat(json.get("steps_completed").asInt()).isEqualTo(200);
    assertThat(json.get("recovery_ms").isIntegralNumber()).isTrue();
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(r.out()).contains("PASS");
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
        .contains("demo");
  }

  @Test
  void noCommandIsAUsageErrorListingTheCommands() {
    Result r = reprise();

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().lines()).singleElement().asString().contains("demo");
  }
}
