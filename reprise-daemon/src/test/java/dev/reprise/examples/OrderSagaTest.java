package dev.reprise.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.reprise.Reprise;
import dev.reprise.RetryPolicy;
import dev.reprise.RunFailedException;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderSagaTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path journal() {
    return dir.resolve("reprise.db");
  }

  private Path ledgerFile() {
    return dir.resolve("ledger.db");
  }

  /** Runs one order to its end and returns the run as stored. */
  private RunInfo runOrder(Order order) throws Exception {
    try (Ledger ledger = Ledger.open(ledgerFile());
        JournalCheck check = new JournalCheck(journal())) {
      var orders = new OrderSaga(ledger, check, RetryPolicy.DEFAULT);
      try (Reprise reprise = Reprise.builder().sqlite(journal()).workflow(orders).build()) {
        reprise.start();
        RunHandle<OrderReceipt> run = reprise.submit(orders, order);
        if (order.failShip()) {
          assertThatThrownBy(() -> run.result(WAIT)).isInstanceOf(RunFailedException.class);
        } else {
          assertThat(run.result(WAIT).orderId()).isEqualTo(order.orderId());
        }
        return reprise.run(run.id());
      }
    }
  }

  @Test
  void shippedOrderWritesOneEffectPerStepAndUndoesNothing() throws Exception {
    RunInfo run = runOrder(new Order("order-1", 4200, false));

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.steps()).extracting(StepInfo::name).containsExactly("reserve", "charge", "ship");
    Map<String, String> allowed = SagaAudit.allowedEffects(run.id(), false);
    LedgerAudit.Totals totals = LedgerAudit.audit(ledgerFile(), allowed, allowed.keySet());
    assertThat(totals.effects()).isEqualTo(3);
    assertThat(totals.missingEffects()).isZero();
    assertThat(totals.duplicateEffects()).isZero();
    assertThat(totals.reruns()).isZero();
  }

  @Test
  void refusedShipmentRefundsTheChargeThenReleasesTheReservationOnceEach() throws Exception {
    RunInfo run = runOrder(new Order("order-2", 4200, true));

    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.compensated()).isTrue();
    assertThat(run.errorType()).isEqualTo(ShipmentRefused.class.getName());
    assertThat(run.failureReason()).contains("step 'ship' (seq 3) failed");
    assertThat(run.steps())
        .extracting(StepInfo::seq, StepInfo::name, StepInfo::kind, StepInfo::status)
        .containsExactly(
            tuple(1, "reserve", StepKind.STEP, StepStatus.COMPLETED),
            tuple(2, "charge", StepKind.STEP, StepStatus.COMPLETED),
            tuple(3, "ship", StepKind.STEP, StepStatus.FAILED),
            tuple(4, "charge", StepKind.COMPENSATION, StepStatus.COMPLETED),
            tuple(5, "reserve", StepKind.COMPENSATION, StepStatus.COMPLETED));
    assertThat(run.steps().get(2).attempts()).as("a refusal is not retried").isEqualTo(1);
    Map<String, String> allowed = SagaAudit.allowedEffects(run.id(), true);
    LedgerAudit.Totals totals = LedgerAudit.audit(ledgerFile(), allowed, allowed.keySet());
    assertThat(totals.effects()).as("reserve, charge, refund, release").isEqualTo(4);
    assertThat(totals.unexpectedEffects()).isZero();
    assertThat(totals.missingEffects()).isZero();
    SagaAudit.Result audit = SagaAudit.audit(ledgerFile(), Map.of(run.id(), run.steps()));
    assertThat(audit.compensations()).isEqualTo(2);
    assertThat(audit.violations()).as(audit.examples().toString()).isZero();
  }

  @Test
  void sagaAuditCountsAnUndoAppliedTwice() throws Exception {
    RunInfo run = runOrder(new Order("order-3", 4200, true));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledgerFile());
        Statement s = c.createStatement()) {
      // a second refund under another key: what a compensation without a stable key would do
      s.execute(
          "insert into effects (idempotency_key, run_id, step, amount_cents, created_at)"
              + " values ('"
              + run.id()
              + ":9', '"
              + run.id()
              + "', 'refund', 4200, 0)");
    }

    SagaAudit.Result audit = SagaAudit.audit(ledgerFile(), Map.of(run.id(), run.steps()));

    assertThat(audit.violations()).isEqualTo(1);
    assertThat(audit.examples()).singleElement().asString().contains("'refund'");
  }

  @Test
  void sagaAuditCountsAStepLeftUncompensated() throws Exception {
    RunInfo run = runOrder(new Order("order-4", 4200, true));
    List<StepInfo> withoutUndos =
        run.steps().stream().filter(s -> s.kind() == StepKind.STEP).toList();

    SagaAudit.Result audit = SagaAudit.audit(ledgerFile(), Map.of(run.id(), withoutUndos));

    assertThat(audit.violations()).as("reserve and charge have no compensation entry").isEqualTo(2);
  }
}
