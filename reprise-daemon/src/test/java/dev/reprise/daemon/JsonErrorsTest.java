package dev.reprise.daemon;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The {@code --json} error contract: every command's failure ends stdout with one JSON object
 * {@code {"error", "message"}}, with the exit codes of text mode (1 failure, 2 usage).
 */
class JsonErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A data directory with no daemon and no database. */
  @TempDir static Path dir;

  private static String d;

  @BeforeAll
  static void files() throws Exception {
    d = dir.resolve("data").toString();
    Files.writeString(dir.resolve("a-file"), "not a directory");
  }

  /** Each command, failing with the daemon down, the store missing or a file in the way. */
  static Stream<Arguments> failures() {
    String missingConfig = dir.resolve("missing.yaml").toString();
    String underAFile = dir.resolve("a-file").resolve("demo").toString();
    String missingDb = dir.resolve("missing.db").toString();
    return Stream.of(
        failure("daemon", "invalid_config", "daemon", "--config", missingConfig),
        failure("submit", "daemon_not_running", "submit", "expense", "--input", "{}"),
        failure("runs", "daemon_not_running", "runs"),
        failure("show", "daemon_not_running", "show", "r-1"),
        failure("signal", "daemon_not_running", "signal", "r-1", "nudge"),
        failure(
            "approve",
            "daemon_not_running",
            "approve",
            "r-1",
            "g",
            "--actor",
            "a",
            "--reason",
            "r"),
        failure(
            "reject", "daemon_not_running", "reject", "r-1", "g", "--actor", "a", "--reason", "r"),
        failure("cancel", "daemon_not_running", "cancel", "r-1"),
        failure("retry", "daemon_not_running", "retry", "r-1"),
        failure("resume", "daemon_not_running", "resume", "r-1"),
        failure("resume", "no_database", "resume", "r-1", "--db", missingDb),
        failure("fork", "daemon_not_running", "fork", "r-1", "--from-seq", "2"),
        failure("cancel", "no_database", "cancel", "r-1", "--db", missingDb),
        failure("resolve", "daemon_not_running", "resolve", "r-1", "--note", "n"),
        failure("schedules list", "daemon_not_running", "schedules", "list"),
        failure(
            "schedules create",
            "daemon_not_running",
            "schedules",
            "create",
            "nightly",
            "--cron",
            "0 3 * * *",
            "--workflow",
            "expense"),
        failure("schedules pause", "daemon_not_running", "schedules", "pause", "nightly"),
        failure("schedules resume", "daemon_not_running", "schedules", "resume", "nightly"),
        failure("schedules delete", "daemon_not_running", "schedules", "delete", "nightly"),
        failure("schedules audit", "daemon_not_running", "schedules", "audit", "nightly"),
        failure("published", "daemon_not_running", "published", "r-1", "stage"),
        failure("retention list", "daemon_not_running", "retention", "list"),
        failure(
            "retention set", "daemon_not_running", "retention", "set", "payment", "--failed", "7d"),
        failure("retention delete", "daemon_not_running", "retention", "delete", "payment"),
        failure("limits list", "daemon_not_running", "limits", "list"),
        failure("limits set", "daemon_not_running", "limits", "set", "customer", "2"),
        failure("limits delete", "daemon_not_running", "limits", "delete", "customer"),
        failure("status", "daemon_not_running", "status"),
        failure("export", "no_database", "export", "r-1"),
        failure("diag sagas", "no_database", "diag", "sagas"),
        failure("vacuum", "no_database", "vacuum", "--older-than", "30d"),
        failure("diag check", "no_database", "diag", "check"),
        failure("backup", "no_database", "backup", "--to", "copy.db"),
        failure("check-replay", "no_database", "check-replay"),
        Arguments.of("demo", "io_error", List.of("demo", "--data-dir", underAFile, "--json")));
  }

  private static Arguments failure(String command, String code, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!command.equals("demo")) {
      all.addAll(List.of("--data-dir", d));
    }
    all.add("--json");
    return Arguments.of(command, code, all);
  }

  /** Every command of {@code reprise}, as typed: {@code status}, {@code schedules list}, ... */
  static Stream<String> commands() {
    return leaves(Main.commandLine()).stream();
  }

  private static Set<String> leaves(CommandLine cmd) {
    Set<String> names = new TreeSet<>();
    for (CommandLine sub : cmd.getSubcommands().values()) {
      if (sub.getSubcommands().isEmpty()) {
        names.add(sub.getCommandSpec().qualifiedName(" ").substring("reprise ".length()));
      } else {
        names.addAll(leaves(sub));
      }
    }
    return names;
  }

  private static JsonNode lastLineOfStdout(Cli.Result r) throws Exception {
    assertThat(r.outLines()).as(r.describe()).isNotEmpty();
    JsonNode error = JSON.readTree(r.lastLine());
    assertThat(error.isObject()).as(r.describe()).isTrue();
    assertThat(error.path("message").asText()).as(r.describe()).isNotBlank();
    return error;
  }

  @Test
  void everyCommandHasAFailureCase() {
    Set<String> covered = new TreeSet<>();
    failures().forEach(a -> covered.add((String) a.get()[0]));
    Set<String> expected = new TreeSet<>(leaves(Main.commandLine()));
    expected.remove("help"); // it cannot fail but by a usage error, covered below
    assertThat(covered).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aFailureWithJsonEndsStdoutWithAnErrorObject(String command, String code, List<String> args)
      throws Exception {
    Cli.Result r = reprise(args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
    assertThat(r.err()).as(r.describe()).contains("error:");
    JsonNode error = lastLineOfStdout(r);
    assertThat(error.path("error").asText()).as(r.describe()).isEqualTo(code);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void aBadOptionWithJsonIsAUsageErrorObject(String command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    // help takes any option as a command name; it refuses a command that does not exist
    args.add(command.equals("help") ? "no-such-command" : "--no-such-option");
    args.add("--json");
    Cli.Result r = reprise(args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
    JsonNode error = lastLineOfStdout(r);
    assertThat(error.path("error").asText()).isEqualTo("usage");
    assertThat(error.path("message").asText())
        .startsWith(command.equals("help") ? "reprise:" : "reprise " + command + ":");
  }

  @Test
  void aMissingArgumentWithJsonIsAUsageErrorObject() throws Exception {
    Cli.Result r = reprise("show", "--json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(lastLineOfStdout(r).path("message").asText()).contains("ID");
  }

  @Test
  void aMissingCommandWithJsonIsAUsageErrorObject() throws Exception {
    for (List<String> args : List.of(List.of("--json"), List.of("schedules", "--json"))) {
      Cli.Result r = reprise(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(r.describe()).isEqualTo(2);
      assertThat(lastLineOfStdout(r).path("error").asText()).isEqualTo("usage");
    }
  }

  @Test
  void withoutJsonAFailureLeavesStdoutEmpty() {
    Cli.Result r = reprise("status", "--data-dir", d);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("no daemon is running");
  }
}
