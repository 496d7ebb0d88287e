package dev.reprise.internal.engine;

import dev.reprise.ConcurrencyKey;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.RunInfo;
import dev.reprise.RunOptions;
import dev.reprise.RunStateException;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.internal.store.StepWrite;
import java.util.ArrayList;
import java.util.List;

/**
 * The ways on from a run that stopped, and when each is allowed. Retry starts a new run from the
 * start (only when the failed run's effects were undone, as its steps get new keys); fork starts a
 * new run that reuses the recorded outcomes of the entries before a position; resume (in {@link
 * dev.reprise.internal.store.Operations#resume}) keeps the run and its keys.
 */
final class RunRetry {
  static final String RETRY_KEY = "retry:";
  static final String FORK_KEY = "fork:";

  private RunRetry() {}

  /** A retry or fork is the same business run: it keeps the run's tags and concurrency key. */
  static RunOptions sameAttributes(RunInfo run, RunOptions options) {
    RunOptions o = options.withTags(run.tags());
    ConcurrencyKey key = run.concurrencyKey();
    return key == null ? o : o.withConcurrencyKey(key.name(), key.value());
  }

  /** Fails unless a new run from the start repeats no effect the outside world cannot undo. */
  static void requireRetryable(RunInfo run) {
    if (run.status() != RunStatus.FAILED) {
      throw new RunStateException(run.id(), run.status(), "retry", "only failed runs can be");
    }
    requireNoEffectToRepeat(
        run,
        "retry",
        "a new run would run it again. Check its effect, then submit a new run yourself");
    if (!run.compensated() && hasCompletedSteps(run)) {
      throw new RunStateException(
          run.id(),
          run.status(),
          "retry",
          "its completed steps were not undone, and a new run would repeat their effects under"
              + " new keys: resume it in place (same run, same keys) or fork it from a step");
    }
  }

  /**
   * Fails when an at-most-once step of the run was interrupted: its body may have had its effect,
   * which no compensation covers (the step did not complete), and {@code action} would run it
   * again.
   */
  static void requireNoEffectToRepeat(RunInfo run, String action, String why) {
    for (StepInfo s : run.steps()) {
      if (s.atMostOnce() && mayHaveHadItsEffect(s)) {
        throw new RunStateException(
            run.id(),
            run.status(),
            action,
            "its at-most-once step '"
                + s.name()
                + "' (seq "
                + s.seq()
                + ") was interrupted and may have had its effect; "
                + why);
      }
    }
  }

  private static boolean mayHaveHadItsEffect(StepInfo s) {
    return s.status() == StepStatus.EXECUTING
        || s.status() == StepStatus.FAILED
            && ("interrupted".equals(s.errorType()) || "attempts_exhausted".equals(s.errorType()));
  }

  private static boolean hasCompletedSteps(RunInfo run) {
    return run.steps().stream()
        .anyMatch(
            s ->
                s.status() == StepStatus.COMPLETED
                    && (s.kind() == StepKind.STEP || s.kind() == StepKind.CHILD));
  }

  /**
   * The entries a fork from {@code fromSeq} starts with: the forward entries before it, each of
   * which must have ended.
   */
  static List<StepWrite> forkJournal(RunInfo run, int fromSeq, String forkId) {
    boolean undone =
        run.compensated() || run.steps().stream().anyMatch(s -> s.kind() == StepKind.COMPENSATION);
    boolean ended =
        run.status() == RunStatus.COMPLETED
            || run.status() == RunStatus.FAILED
            || run.status() == RunStatus.CANCELLED;
    if (!ended || undone) {
      throw new RunStateException(
          run.id(),
          run.status(),
          "fork",
          "only runs that ended with their steps not undone (completed, failed or cancelled"
              + " without unwinding) can be");
    }
    int last =
        run.steps().stream()
            .filter(s -> s.kind() != StepKind.COMPENSATION)
            .mapToInt(StepInfo::seq)
            .max()
            .orElse(0);
    if (fromSeq < 1 || fromSeq > last + 1) {
      throw new InvalidConfigurationException(
          "fromSeq", "must be between 1 and " + (last + 1) + ", was " + fromSeq);
    }
    List<StepWrite> copied = new ArrayList<>();
    for (StepInfo s : run.steps()) {
      if (s.seq() >= fromSeq || s.kind() == StepKind.COMPENSATION) {
        continue;
      }
      if (s.status() != StepStatus.COMPLETED && s.status() != StepStatus.FAILED) {
        throw new InvalidConfigurationException(
            "fromSeq",
            "entry seq "
                + s.seq()
                + " ('"
                + s.name()
                + "') had not ended; fork from "
                + s.seq()
                + " or before");
      }
      copied.add(
          new StepWrite(
              forkId,
              s.seq(),
              s.name(),
              s.kind(),
              s.status(),
              s.atMostOnce(),
              s.output(),
              s.outputType(),
              s.errorType(),
              s.errorMessage(),
              s.attempts(),
              1,
              s.startedAt() == null ? null : s.startedAt().toEpochMilli(),
              s.endedAt() == null ? null : s.endedAt().toEpochMilli(),
              s.compensable()));
    }
    return copied;
  }
}
