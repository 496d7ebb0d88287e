package dev.reprise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.RunStatus;
import dev.reprise.test.CrashReport;
import dev.reprise.test.CrashTest;
import org.junit.jupiter.api.Test;

/**
 * The bundled example workflows under the test kit's crash test: each is killed with SIGKILL at
 * every state of its run's journal, taken up again, and must end as it did without a crash, with no
 * completed step run again and every compensation applied exactly once. The approved expense is
 * {@link ExpenseApprovalKitTest}'s, as the README shows it.
 */
class ExamplesSurviveACrashAtEveryStateTest {

  @Test
  void paymentEndsAsWithoutACrashWhereverTheKillLands() {
    CrashReport report =
        CrashTest.of(
                ExampleWorkflows.class,
                PaymentWorkflow.NAME,
                "{\"orderId\":\"o-1\",\"amountCents\":4200}")
            .run()
            .assertHeld();

    assertThat(report.reference().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(report.points()).hasSizeGreaterThan(5);
    assertThat(report.unreached()).hasSizeLessThan(report.points().size());
    System.out.println(report);
  }

  @Test
  void anOrderSagaWhoseShipmentIsRefusedIsUndoneExactlyOnceWhereverTheKillLands() {
    CrashReport report =
        CrashTest.of(
                ExampleWorkflows.class,
                OrderSaga.NAME,
                "{\"orderId\":\"o-2\",\"amountCents\":1500,\"failShip\":true}")
            .run()
            .assertHeld();

    assertThat(report.reference().status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.reference().compensated()).isTrue();
    System.out.println(report);
  }
}
