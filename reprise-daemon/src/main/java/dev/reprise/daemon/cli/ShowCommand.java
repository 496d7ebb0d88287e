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
    boolean waiting = run.path("status").asText().equals("waiting");
    for (JsonNode s : run.path("steps")) {
      b.append("  ")
          .append(s.path("seq").asInt())
          .append(' ')
          .append(s.path("name").asText())
          .append(" (")
          .append(s.path("kind").asText())
          .append(") ");
      String wait = waiting ? waitingFor(s) : null;
      if (wait != null) {
        b.append(wait);
      } else {
        b.append(s.path("status").asText())
            .append(", attempts ")
            .append(s.path("attempts").asInt());
      }
      b.append('\n');
    }
    return b.toString().stripTrailing();
  }

  /**
   * What a waiting run's open entry waits for, or null: a signal (or approval gate) entry and a
   * sleep are journaled {@code executing} with their deadline as output while the run is parked.
   */
  private static String waitingFor(JsonNode step) {
    if (!step.path("status").asText().equals("executing")) {
      return null;
    }
    JsonNode deadline = step.path("output");
    String until = deadline.isTextual() ? " until " + deadline.asText() : "";
    return switch (step.path("kind").asText()) {
      case "signal" -> "waiting for signal '" + step.path("name").asText() + "'" + until;
      case "sleep" -> "sleeping" + until;
      default -> null;
    };
  }
}
