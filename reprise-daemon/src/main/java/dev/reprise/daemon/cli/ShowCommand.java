package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.OperatorWaits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code reprise show ID}: a run and its journal. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Shows a run with its journal, from the daemon.")
public final class ShowCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "ID",
      converter = IdArguments.Reference.class,
      description = "The run's id.")
  String id;

  @Override
  public Integer call() {
    return print(client().get(path("runs", id)), ShowCommand::text);
  }

  /** An audit entry on one line: when, what, who, why, and what it produced. */
  static String auditLine(JsonNode a) {
    StringBuilder b =
        new StringBuilder(text(a, "at"))
            .append(' ')
            .append(text(a, "action"))
            .append(" by ")
            .append(text(a, "actor"));
    if (!a.path("reason").isNull()) {
      b.append(": ").append(text(a, "reason"));
    }
    if (!a.path("detail").isNull()) {
      b.append(" (").append(text(a, "detail")).append(')');
    }
    return b.toString();
  }

  static String text(JsonNode run) {
    StringBuilder b = new StringBuilder(runLine(run)).append('\n');
    waiting(b, run);
    if (run.path("tags").isObject() && !run.path("tags").isEmpty()) {
      StringBuilder tags = new StringBuilder();
      run.path("tags")
          .properties()
          .forEach(
              t ->
                  tags.append(tags.isEmpty() ? "" : ", ")
                      .append(t.getKey())
                      .append('=')
                      .append(t.getValue().asText()));
      b.append("  tags: ").append(printable(tags.toString())).append('\n');
    }
    JsonNode key = run.path("concurrency_key");
    if (key.isObject()) {
      b.append("  concurrency key: ")
          .append(printable(key.path("name").asText() + "=" + key.path("value").asText()))
          .append(run.path("status").asText().equals("pending") ? " (waits for it)" : "")
          .append('\n');
    }
    b.append("  input: ").append(printable(run.path("input").toString())).append('\n');
    if (!run.path("output").isNull()) {
      b.append("  output: ").append(printable(run.path("output").toString())).append('\n');
    }
    if (!run.path("error_type").isNull()) {
      b.append("  error: ")
          .append(text(run, "error_type"))
          .append(": ")
          .append(text(run, "error_message"))
          .append('\n');
    }
    if (!run.path("failure_reason").isNull()) {
      run.path("failure_reason")
          .asText()
          .lines()
          .forEach(l -> b.append("  reason: ").append(printable(l)).append('\n'));
    }
    boolean waiting = run.path("status").asText().equals("waiting");
    for (JsonNode s : run.path("steps")) {
      b.append("  ")
          .append(s.path("seq").asInt())
          .append(' ')
          .append(text(s, "name"))
          .append(" (")
          .append(text(s, "kind"))
          .append(") ");
      String wait = waiting ? waitingFor(s) : null;
      if (wait != null) {
        b.append(wait);
      } else {
        b.append(text(s, "status")).append(", attempts ").append(s.path("attempts").asInt());
      }
      b.append('\n');
    }
    for (JsonNode a : run.path("audit")) {
      b.append("  audit: ").append(auditLine(a)).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /**
   * What a waiting run waits for. A run that waits for an operator gets three lines that cannot be
   * missed: what stopped it, why, and the ways on.
   */
  private static void waiting(StringBuilder b, JsonNode run) {
    JsonNode wait = run.path("waiting_for");
    if (!wait.isObject()) {
      return;
    }
    if (!wait.path("kind").asText().equals("operator")) {
      b.append("  waiting for: ").append(waitLine(wait)).append('\n');
      return;
    }
    String cause = wait.path("cause").asText();
    b.append("  BLOCKED: ").append(printable(OperatorWaits.headline(cause))).append('\n');
    String reason = wait.path("reason").asText();
    if (!run.path("failure_reason").asText().contains(reason)) {
      b.append("  why: ").append(printable(reason)).append('\n');
    }
    String indent = "  next: ";
    for (String line : OperatorWaits.next(cause, run.path("id").asText(), "")) {
      b.append(indent).append(printable(line)).append('\n');
      indent = " ".repeat(indent.length());
    }
  }

  /** A wait other than an operator's, in words. */
  private static String waitLine(JsonNode wait) {
    return switch (wait.path("kind").asText()) {
      case "signal" -> "signal '" + text(wait, "name") + "' until " + text(wait, "deadline");
      case "approval" ->
          "approval gate '" + text(wait, "gate") + "' until " + text(wait, "deadline");
      case "sleep" -> "timer until " + text(wait, "until");
      case "child" -> "child run " + text(wait, "run_id");
      default -> text(wait, "kind");
    };
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
      case "signal" -> "waiting for signal '" + text(step, "name") + "'" + until;
      case "sleep" -> "sleeping" + until;
      default -> null;
    };
  }
}
