package dev.reprise.daemon.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.Ids;
import dev.reprise.daemon.OperatorWaits;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes runs for a person: one block per run with its failure (type, message, every reason line),
 * what a waiting run waits for (for a run that waits for an operator: what stopped it, why, and the
 * ways on), a count of its journal entries by kind and status, and the entries that did not
 * complete.
 */
final class RunText {
  private static final String COMPLETED = "completed";
  private static final String STEP = "step";
  private static final String COMPENSATION = "compensation";
  private static final int LABEL_WIDTH = 10;

  private RunText() {}

  /**
   * Prints {@code runs}; {@code storeOptions} (such as {@code --db PATH}) go into the commands
   * suggested for a blocked run, so that they act on the store that was read, daemon up or down.
   */
  static void print(PrintWriter out, List<RunView> runs, String storeOptions) {
    for (RunView run : runs) {
      out.println();
      print(out, run, storeOptions);
    }
    if (!runs.isEmpty()) {
      out.println();
      out.println("by status: " + byStatus(runs));
    }
  }

  private static void print(PrintWriter out, RunView run, String storeOptions) {
    StringBuilder head =
        new StringBuilder(
            Ids.printable(run.id()) + "  " + Ids.printable(run.workflow()) + "  " + run.status());
    if (run.compensated()) {
      head.append("  (compensated)");
    }
    if (run.resolution() != null) {
      head.append("  (resolved)");
    }
    String blockedBy = run.blockedBy();
    if (blockedBy != null) {
      head.append("  (BLOCKED: ")
          .append(Ids.printable(OperatorWaits.shortCause(blockedBy)))
          .append(")");
    }
    out.println(head);
    StringBuilder times = new StringBuilder("created " + run.createdAt());
    if (run.startedAt() != null) {
      times.append("  started ").append(run.startedAt());
    }
    if (run.endedAt() != null) {
      times.append("  ended ").append(run.endedAt());
    }
    if (run.recoveries() > 0) {
      times
          .append("  recovered after a crash ")
          .append(run.recoveries())
          .append(run.recoveries() == 1 ? " time" : " times");
    }
    field(out, "time", times.toString());
    if (run.errorType() != null) {
      field(out, "error", run.errorType() + ": " + run.errorMessage());
    }
    if (run.failureReason() != null) {
      field(out, "reason", run.failureReason());
    }
    if (run.resolution() != null) {
      field(out, "resolution", run.resolution());
    }
    waiting(out, run, storeOptions);
    if (!run.steps().isEmpty()) {
      field(out, "steps", stepCounts(run.steps()));
    }
    for (StepView s : run.steps()) {
      if (!COMPLETED.equals(s.status())) {
        out.println("    " + Ids.printable(step(s)));
      }
    }
  }

  /**
   * What a waiting run waits for; for a run that waits for an operator (a replay mismatch, a crash
   * loop), what stopped it, why (unless its failure reason said so already) and the ways on.
   */
  private static void waiting(PrintWriter out, RunView run, String storeOptions) {
    String cause = run.blockedBy();
    if (cause == null) {
      JsonNode wait = run.waitingFor();
      if (wait != null && wait.isObject()) {
        field(out, "waiting", waitLine(wait));
      }
      return;
    }
    field(out, "BLOCKED", OperatorWaits.headline(cause));
    String reason = run.waitingFor().path("reason").asText();
    if (run.failureReason() == null || !run.failureReason().contains(reason)) {
      field(out, "why", reason);
    }
    field(out, "next", String.join("\n", OperatorWaits.next(cause, run.id(), storeOptions)));
  }

  /** A wait other than an operator's, in words, from its JSON (see {@code ApiViews}). */
  private static String waitLine(JsonNode wait) {
    return switch (wait.path("kind").asText()) {
      case "signal" ->
          "for signal '" + wait.path("name").asText() + "' until " + wait.path("deadline").asText();
      case "approval" ->
          "for approval gate '"
              + wait.path("gate").asText()
              + "' until "
              + wait.path("deadline").asText();
      case "sleep" -> "for a timer until " + wait.path("until").asText();
      case "child" -> "for child run " + wait.path("run_id").asText();
      default -> "for " + wait.path("kind").asText();
    };
  }

  /** A labelled field; the lines of a multi-line value are aligned under the first. */
  private static void field(PrintWriter out, String label, String value) {
    String indent = " ".repeat(2 + LABEL_WIDTH + 1);
    String[] lines = value.split("\n", -1);
    out.println(
        "  "
            + label
            + " ".repeat(Math.max(1, LABEL_WIDTH + 1 - label.length()))
            + Ids.printable(lines[0]));
    for (int i = 1; i < lines.length; i++) {
      out.println(indent + Ids.printable(lines[i]));
    }
  }

  private static String step(StepView s) {
    String what = describe(s);
    StringBuilder line =
        new StringBuilder("seq " + s.seq() + "  " + what + "  " + s.status())
            .append("  ")
            .append(s.attempts())
            .append(s.attempts() == 1 ? " attempt" : " attempts");
    if (s.atMostOnce()) {
      line.append("  at most once");
    }
    if (s.errorType() != null) {
      line.append("  ").append(s.errorType()).append(": ").append(s.errorMessage());
    }
    return line.toString();
  }

  /** A step by its name; a compensation as the undo of its step; other entries with their kind. */
  private static String describe(StepView s) {
    return switch (s.kind()) {
      case STEP -> s.name();
      case COMPENSATION -> "compensation of " + s.name();
      default -> s.name() + " (" + s.kind() + ")";
    };
  }

  /**
   * Entries counted by kind, in journal order, then by status: {@code step: 2 completed, 1 failed}.
   */
  private static String stepCounts(List<StepView> steps) {
    Map<String, Map<String, Long>> counts =
        steps.stream()
            .collect(
                Collectors.groupingBy(
                    StepView::kind,
                    LinkedHashMap::new,
                    Collectors.groupingBy(StepView::status, TreeMap::new, Collectors.counting())));
    return counts.entrySet().stream()
        .map(
            kind ->
                kind.getKey()
                    + ": "
                    + kind.getValue().entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")))
        .collect(Collectors.joining("; "));
  }

  private static String byStatus(List<RunView> runs) {
    Map<String, List<RunView>> groups =
        runs.stream()
            .collect(Collectors.groupingBy(RunView::status, TreeMap::new, Collectors.toList()));
    return groups.entrySet().stream()
        .map(
            e -> {
              long compensated = e.getValue().stream().filter(RunView::compensated).count();
              long blocked = e.getValue().stream().filter(r -> r.blockedBy() != null).count();
              return e.getKey()
                  + " "
                  + e.getValue().size()
                  + (compensated > 0 ? " (" + compensated + " compensated)" : "")
                  + (blocked > 0 ? " (" + blocked + " blocked)" : "");
            })
        .collect(Collectors.joining(", "));
  }
}
