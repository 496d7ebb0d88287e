package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.Ids;
import dev.reprise.daemon.server.DataDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that calls the daemon's API and prints the answer as text, or as JSON with --json. */
abstract class ApiCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "./.reprise",
      paramLabel = "DIR",
      description =
          "The daemon's data directory, where its port and token are (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--json", description = "Print the API's JSON answer on one line.")
  boolean json;

  DaemonClient client() {
    return DaemonClient.connect(new DataDir(dataDir));
  }

  /** Prints {@code answer} as JSON, or as the text {@code text} makes of it. */
  int print(JsonNode answer, Function<JsonNode, String> text) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json ? answer.toString() : text.apply(answer));
    out.flush();
    return 0;
  }

  /**
   * A run on one line: id, status, workflow, creation time, and for a waiting run what it waits
   * for, {@code for operator: crash_loop} standing out from {@code for signal 'manager'}.
   */
  static String runLine(JsonNode run) {
    String line =
        text(run, "id")
            + "  "
            + text(run, "status")
            + "  "
            + text(run, "workflow")
            + "  created "
            + text(run, "created_at");
    String waiting = waitNote(run.path("waiting_for"));
    return waiting == null ? line : line + "  " + waiting;
  }

  /** What a waiting run waits for, in a few words, or null. */
  static String waitNote(JsonNode wait) {
    if (!wait.isObject()) {
      return null;
    }
    return switch (wait.path("kind").asText()) {
      case "operator" -> "for operator: " + text(wait, "cause");
      case "signal" -> "for signal '" + text(wait, "name") + "'";
      case "approval" -> "for approval '" + text(wait, "gate") + "'";
      case "sleep" -> "for timer";
      case "child" -> "for child run " + text(wait, "run_id");
      default -> "for " + text(wait, "kind");
    };
  }

  /**
   * A field for a terminal: control, format and bidirectional characters escaped, so that an id
   * cannot rewrite the line it is printed on.
   */
  static String text(JsonNode node, String field) {
    return Ids.printable(node.path(field).asText());
  }

  /** An id the user typed, for a terminal; see {@link #text}. */
  static String printable(String value) {
    return Ids.printable(value);
  }

  static String path(String... segments) {
    StringBuilder b = new StringBuilder("/api");
    for (String s : segments) {
      b.append('/').append(DaemonClient.segment(s));
    }
    return b.toString();
  }
}
