package dev.reprise.daemon.demo;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.examples.LedgerAudit;
import dev.reprise.examples.OrderSaga;
import dev.reprise.examples.PaymentWorkflow;
import dev.reprise.examples.SagaAudit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Audits the ledger once every run has ended (or the demo gave up): each effect exactly once, and
 * each failed saga's completed steps compensated exactly once. Reads the journal read-only.
 */
final class DemoAudit {
  private static final int SHOWN = 5;

  /** What the audit found. */
  record Findings(LedgerAudit.Totals ledger, SagaAudit.Result sagas) {}

  private DemoAudit() {}

  static Findings audit(DemoFiles files, SubmittedRuns runs, JournalProbe journal)
      throws Exception {
    Map<String, String> allowed = new HashMap<>();
    for (String id : runs.payments()) {
      allowed.putAll(LedgerAudit.stepKeys(id, PaymentWorkflow.STEPS));
    }
    for (String id : runs.sagas()) {
      allowed.putAll(SagaAudit.allowedEffects(id, true));
    }
    List<String> required = new ArrayList<>();
    for (String id : journal.runIds(PaymentWorkflow.NAME, RunStatus.COMPLETED.label())) {
      required.addAll(LedgerAudit.stepKeys(id, PaymentWorkflow.STEPS).keySet());
    }
    LedgerAudit.Totals ledger = LedgerAudit.audit(files.ledger(), allowed, required);
    Map<String, List<StepInfo>> failedSagas = new LinkedHashMap<>();
    try (RepriseClient reader = readOnly(files)) {
      for (RunStatus status : List.of(RunStatus.FAILED, RunStatus.FAILED_COMPENSATION)) {
        for (String id : journal.runIds(OrderSaga.NAME, status.label())) {
          failedSagas.put(id, reader.steps(id));
        }
      }
    }
    return new Findings(ledger, SagaAudit.audit(files.ledger(), failedSagas));
  }

  /**
   * A few runs that ended otherwise than the demo expects (payments completed, sagas failed and
   * compensated), or did not end, for the report.
   */
  static List<RunInfo> unexpected(DemoFiles files) {
    RunStatus[] others =
        Stream.of(RunStatus.values())
            .filter(s -> s != RunStatus.COMPLETED && s != RunStatus.FAILED)
            .toArray(RunStatus[]::new);
    RunFilter few = RunFilter.all().withLimit(SHOWN);
    try (RepriseClient reader = readOnly(files)) {
      List<RunInfo> found = new ArrayList<>(reader.runs(few.withStatus(others)));
      found.addAll(
          reader.runs(few.withWorkflow(PaymentWorkflow.NAME).withStatus(RunStatus.FAILED)));
      found.addAll(reader.runs(few.withWorkflow(OrderSaga.NAME).withStatus(RunStatus.COMPLETED)));
      reader
          .runs(
              RunFilter.all()
                  .withLimit(10_000)
                  .withWorkflow(OrderSaga.NAME)
                  .withStatus(RunStatus.FAILED))
          .stream()
          .filter(r -> !r.compensated())
          .limit(SHOWN)
          .forEach(found::add);
      return found.subList(0, Math.min(SHOWN, found.size()));
    }
  }

  private static RepriseClient readOnly(DemoFiles files) {
    return Reprise.builder().sqlite(files.journal()).readOnly().buildClient();
  }
}
