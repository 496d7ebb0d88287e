package dev.reprise.test.internal;

import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** The crash test's reading of a store's journals, and its checks of what they show. */
public final class Journals {
  private Journals() {}

  /** A run with its journal. */
  public record Journal(RunInfo run, List<StepInfo> steps) {}

  /** Every run of the store with its journal, by id. */
  public static Map<String, Journal> read(RepriseClient client) {
    Map<String, Journal> journals = new TreeMap<>();
    for (RunInfo run : client.runs(new RunFilter(null, null, 10_000))) {
      journals.put(run.id(), new Journal(run, client.steps(run.id())));
    }
    return journals;
  }

  /** The journals, one line per run and per entry, for a report. */
  public static List<String> lines(Map<String, Journal> journals) {
    List<String> lines = new ArrayList<>();
    for (Journal j : journals.values()) {
      lines.add(
          "run " + j.run().id() + " (" + j.run().workflow() + "): " + j.run().status().label());
      for (StepInfo s : j.steps()) {
        lines.add(
            String.format(
                "  %d %s '%s' %s%s, %d attempt(s)",
                s.seq(),
                s.kind().name().toLowerCase(Locale.ROOT),
                s.name(),
                s.status().name().toLowerCase(Locale.ROOT),
                s.atMostOnce() ? " (at most once)" : "",
                s.attempts()));
      }
    }
    return lines;
  }

  /** The at-most-once step a kill interrupted (started, not ended), if any. */
  public static Optional<String> interruptedAtMostOnce(Map<String, Journal> atCrash) {
    for (Journal j : atCrash.values()) {
      for (StepInfo s : j.steps()) {
        if (s.atMostOnce() && s.status() == StepStatus.EXECUTING) {
          return Optional.of("'" + s.name() + "' (" + j.run().id() + ":" + s.seq() + ")");
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The run taken up again must end as the run without a crash did; killed inside an at-most-once
   * step, it must fail instead (the step may have had its effect: it cannot be run again).
   */
  public static List<String> outcomeProblems(
      RunInfo reference,
      RunInfo after,
      Function<RunInfo, ?> outcome,
      Optional<String> interruptedOnce) {
    if (interruptedOnce.isPresent()) {
      return after.status() == RunStatus.COMPLETED || !after.status().isTerminal()
          ? List.of(
              "the kill interrupted the at-most-once step "
                  + interruptedOnce.get()
                  + ", yet the run ended "
                  + after.status().label()
                  + " instead of failing")
          : List.of();
    }
    Object expected = outcome.apply(reference);
    Object actual = outcome.apply(after);
    return Objects.equals(expected, actual)
        ? List.of()
        : List.of(
            "the run ended otherwise than without a crash: expected "
                + expected
                + ", was "
                + actual
                + (after.errorMessage() == null ? "" : " (" + after.errorMessage() + ")"));
  }

  /**
   * No body or compensation whose entry was completed in the journal at the kill may start again in
   * {@code phase}.
   */
  public static List<String> rerunProblems(
      Map<String, Journal> atCrash, List<BodyLedger.Start> starts, String phase) {
    Set<String> completed = new HashSet<>();
    for (Journal j : atCrash.values()) {
      for (StepInfo s : j.steps()) {
        if (s.status() == StepStatus.COMPLETED) {
          completed.add(j.run().id() + ":" + s.seq());
        }
      }
    }
    List<String> problems = new ArrayList<>();
    for (BodyLedger.Start start : starts) {
      if (start.phase().equals(phase) && completed.contains(start.key())) {
        problems.add(
            (start.what() == BodyLedger.What.UNDO ? "the compensation of '" : "the body of '")
                + start.name()
                + "' ("
                + start.key()
                + ") ran again, though its completion was journaled before the kill");
      }
    }
    return problems;
  }

  /**
   * In every run that unwound, each completed step with a compensation was undone exactly once: as
   * many completed compensations of each name as completed compensable steps.
   */
  public static List<String> compensationProblems(Map<String, Journal> atEnd) {
    List<String> problems = new ArrayList<>();
    for (Journal j : atEnd.values()) {
      if (!j.run().compensated()) {
        continue;
      }
      Map<String, Integer> owed = new HashMap<>();
      for (StepInfo s : j.steps()) {
        if (s.kind() == StepKind.STEP && s.status() == StepStatus.COMPLETED && s.compensable()) {
          owed.merge(s.name(), 1, Integer::sum);
        }
        if (s.kind() == StepKind.COMPENSATION && s.status() == StepStatus.COMPLETED) {
          owed.merge(s.name(), -1, Integer::sum);
        }
      }
      owed.forEach(
          (name, n) -> {
            if (n != 0) {
              problems.add(
                  "run "
                      + j.run().id()
                      + " unwound, and step '"
                      + name
                      + "' was "
                      + (n > 0
                          ? "not undone (" + n + " left)"
                          : "undone " + -n + " time(s) too many"));
            }
          });
    }
    return problems;
  }
}
