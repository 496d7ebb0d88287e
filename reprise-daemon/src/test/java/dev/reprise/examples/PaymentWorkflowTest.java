package dev.reprise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.Reprise;
import dev.reprise.RetryPolicy;
import dev.reprise.RunHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaymentWorkflowTest {
  @TempDir Path dir;

  @Test
  void paymentWritesOneEffectPerStepKeyedByRunAndSeq() throws Exception {
    Path journal = dir.resolve("reprise.db");
    Path ledgerFile = dir.resolve("ledger.db");
    String runId;
    Receipt receipt;
    try (Ledger ledger = Ledger.open(ledgerFile);
        JournalCheck check = new JournalCheck(journal)) {
      var payments = new PaymentWorkflow(ledger, check, RetryPolicy.DEFAULT);
      try (Reprise reprise = Reprise.builder().sqlite(journal).workflow(payments).build()) {
        reprise.start();
        RunHandle<Receipt> run = reprise.submit(payments, new Payment("order-1", 1999));
        receipt = run.result(Duration.ofSeconds(30));
        runId = run.id();
      }
      assertThat(check.isCompleted(runId, 5))
          .as("the journal check sees the last step completed")
          .isTrue();
      assertThat(check.isCompleted(runId, 6)).isFalse();
    }

    assertThat(receipt.orderId()).isEqualTo("order-1");
    assertThat(
            List.of(
                receipt.hold(),
                receipt.charge(),
                receipt.receipt(),
                receipt.notice(),
                receipt.settlement()))
        .doesNotHaveDuplicates()
        .allSatisfy(ref -> assertThat(ref).isNotBlank());
    LedgerAudit.Totals totals = LedgerAudit.audit(ledgerFile, List.of(runId), List.of(runId));
    assertThat(totals.effects()).isEqualTo(5);
    assertThat(totals.missingEffects()).isZero();
    assertThat(totals.duplicateEffects()).isZero();
    assertThat(totals.executions()).isEqualTo(5);
    assertThat(totals.reruns()).isZero();
  }
}
