package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code reprise show ID}: a run and its journal. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Shows a run with its journal, from the daemon.")
public final class ShowCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The run's id.")
  String id;

  @Override
  public Integer call() {
    return print(client().get(path("runs", id)), ShowCommand::text);
  }

  static String text(JsonNode run) {
    StringBuilder b = new StringBuilder(runLine(run)).append('\n');
    b.append("  input: ").append(run.path("input")).append('\n');
    if (!run.path("output").isNull()) {
      b.append("  output: ").append(run.path("output")).append('\n');
    }
    if (!run.path("error_type").isNull()) {
      b.append("  error: ")
          .append(run.path("error_type").asText())
          .append(": ")
          .append(run.path("error_message").asText())
          .append('\n');
    }
    if (!run.path("failure_reason").isNull()) {
      run.path("failure_reason")
          .asText()
          .lines()
          .forEach(l -> b.append("  reason: ").append(l).append('\n'));
    }
    for (JsonNode s : run.path("steps")) {
      b.append("  ")
          .append(s.path("seq").asInt())
          .append(' ')
          .append(s.path("name").asText())
          .append(" (")
          .append(s.path("kind").asText())
          .append(") ")
          .append(s.path("status").asText())
          .append(", attempts ")
          .append(s.path("attempts").asInt())
          .append('\n');
    }
    return b.toString().stripTrailing();
  }
}
