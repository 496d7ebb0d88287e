package dev.reprise.daemon.demo;

import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.daemon.demo.JournalProbe.Tally;
import dev.reprise.examples.LedgerAudit;
import dev.reprise.examples.SagaAudit;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo found: the journal's tally, the audits of the ledger and of the failed sagas, and
 * the workers' starts and kills.
 *
 * @param starts every worker start, the first included
 * @param unexpected a few runs that did not end as they should have, for the report
 */
record DemoSummary(
    DemoOptions options,
    Tally tally,
    LedgerAudit.Totals ledger,
    SagaAudit.Result sagas,
    List<WorkerStarted> starts,
    List<Crash> crashes,
    long elapsedMs,
    List<RunInfo> unexpected) {

  DemoSummary withUnexpected(List<RunInfo> runs) {
    return new DemoSummary(options, tally, ledger, sagas, starts, crashes, elapsedMs, runs);
  }

  int completed() {
    return tally.runs(RunStatus.COMPLETED.label());
  }

  int failedCompensation() {
    return tally.runs(RunStatus.FAILED_COMPENSATION.label());
  }

  int unfinished() {
    int ended = 0;
    for (RunStatus s : RunStatus.values()) {
      if (s.isTerminal()) {
        ended += tally.runs(s.label());
      }
    }
    return tally.total() - ended;
  }

  int recoveredRuns() {
    return starts.stream().mapToInt(WorkerStarted::runsRestarted).sum();
  }

  /** The longest {@code start()} of a worker after a kill: what recovery costs. */
  long recoveryMs() {
    return starts.stream().skip(1).mapToLong(WorkerStarted::startMs).max().orElse(0);
  }

  List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (completed() != options.payments()) {
      problems.add(
          (options.payments() - completed())
              + " of "
              + options.payments()
              + " payment runs did not complete");
    }
    if (tally.compensated() != options.sagas()) {
      problems.add(
          (options.sagas() - tally.compensated())
              + " of "
              + options.sagas()
              + " refused sagas did not end failed and compensated");
    }
    if (failedCompensation() > 0) {
      problems.add(failedCompensation() + " runs ended failed_compensation");
    }
    if (sagas.violations() > 0) {
      problems.add(
          sagas.violations() + " completed saga steps not compensated exactly once in the ledger");
    }
    if (ledger.reruns() > 0) {
      problems.add(ledger.reruns() + " completed steps ran again");
    }
    if (ledger.duplicateEffects() > 0) {
      problems.add(ledger.duplicateEffects() + " duplicate or unexpected effects in the ledger");
    }
    if (ledger.missingEffects() > 0) {
      problems.add(
          ledger.missingEffects() + " steps of completed runs have no effect in the ledger");
    }
    return problems;
  }

  boolean passed() {
    return problems().isEmpty();
  }

  /**
   * The JSON report, in a stable order. A failed check makes it an error object too ({@code error}
   * {@code demo_failed}, {@code message} the problems), as every command's failure is with {@code
   * --json}.
   */
  Map<String, Object> fields() {
    Map<String, Object> f = new LinkedHashMap<>();
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      f.put("error", "demo_failed");
      f.put("message", String.join("; ", problems));
    }
    f.put("passed", problems.isEmpty());
    f.put("runs", options.runs());
    f.put("completed", completed());
    f.put("failed", tally.total() - completed() - unfinished());
    f.put("unfinished", unfinished());
    f.put("sagas", options.sagas());
    f.put("compensated", tally.compensated());
    f.put("failed_compensation", failedCompensation());
    f.put("compensations_checked", sagas.compensations());
    f.put("compensation_violations", sagas.violations());
    f.put("crashes", crashes.size());
    f.put("crashes_mid_run", crashes.stream().filter(c -> c.unfinishedRuns() > 0).count());
    f.put(
        "crashes_while_compensating",
        crashes.stream().filter(c -> c.compensatingRuns() > 0).count());
    f.put("recovered_runs", recoveredRuns());
    f.put("steps_reset", starts.stream().mapToInt(WorkerStarted::stepsReset).sum());
    f.put("completed_steps_rerun", ledger.reruns());
    f.put("duplicate_effects", ledger.duplicateEffects());
    f.put("missing_effects", ledger.missingEffects());
    f.put("deduplicated_effects", ledger.deduplicated());
    f.put("steps_completed", tally.completedSteps());
    f.put("body_executions", ledger.executions());
    f.put("effects", ledger.effects());
    f.put("recovery_ms", recoveryMs());
    f.put("elapsed_ms", elapsedMs);
    f.put("concurrency", options.concurrency());
    f.put("seed", options.seed());
    return f;
  }

  void printText(PrintWriter out) {
    int reran = ledger.executions() - tally.completedSteps();
    out.println("Result");
    row(out, "payment runs completed", completed() + " of " + options.payments(), "");
    row(
        out,
        "sagas compensated",
        tally.compensated() + " of " + options.sagas(),
        "shipment refused: charge refunded, reservation released");
    row(out, "failed_compensation", failedCompensation(), "must be 0");
    row(
        out,
        "undos not exactly once",
        sagas.violations(),
        "of " + sagas.compensations() + " completed saga steps; must be 0");
    row(out, "steps completed", tally.completedSteps(), "compensations included");
    row(
        out,
        "step bodies executed",
        ledger.executions(),
        reran > 0
            ? reran
                + " beyond one per completed step: bodies a kill cut short; at least once, by design"
            : "");
    row(
        out,
        "repeats absorbed by ledger",
        ledger.deduplicated(),
        "the effect had landed before the kill; same idempotency key, no new effect");
    row(out, "completed steps run again", ledger.reruns(), "must be 0");
    row(out, "duplicate effects", ledger.duplicateEffects(), "must be 0");
    row(out, "missing effects", ledger.missingEffects(), "must be 0");
    row(
        out,
        "runs recovered",
        recoveredRuns(),
        "over " + crashes.size() + " restarts; longest recovery (start()) " + recoveryMs() + " ms");
    for (String violation : sagas.examples()) {
      out.println("  " + violation);
    }
    for (RunInfo run : unexpected) {
      out.println(
          "  run "
              + run.id()
              + " ("
              + run.workflow()
              + ") is "
              + run.status().label()
              + (run.compensated() ? ", compensated" : "")
              + (run.errorType() == null
                  ? ""
                  : ": " + run.errorType() + ": " + run.errorMessage()));
    }
    List<String> problems = problems();
    out.println(
        problems.isEmpty()
            ? "PASS: every payment completed, every refused saga was compensated exactly once, no"
                + " completed step ran again, every effect happened exactly once."
            : "FAIL: " + String.join("; ", problems) + ".");
  }

  private static void row(PrintWriter out, String label, Object value, String note) {
    out.println(
        String.format("  %-28s %8s%s", label, value, note.isEmpty() ? "" : "  (" + note + ")"));
  }
}
