package dev.reprise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.Reprise;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.test.CrashTest;
import dev.reprise.test.RepriseTest;
import dev.reprise.test.TestReprise;
import org.junit.jupiter.api.Test;

/** The test of the guide's "Testing workflows" and the README's tour, as written there. */
@RepriseTest
class ExpenseApprovalKitTest {
  final ExpenseApproval expense = new ExpenseApproval();
  final Expense claim = new Expense("c-1", "e-17", 4200);

  @Test
  void aClaimNobodyDecidesIsRejectedAfterAWeek(TestReprise reprise) {
    Reprise engine = reprise.start(expense);
    RunHandle<ExpensePaid> run = engine.submit(expense, claim);

    RunInfo ended = reprise.awaitEnd(run.id()); // the 7-day wait passes at once

    assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void anApprovedClaimIsPaid(TestReprise reprise) {
    Reprise engine = reprise.start(expense);
    RunHandle<ExpensePaid> run = engine.submit(expense, claim);
    reprise.awaitStatus(run.id(), RunStatus.WAITING); // the clock stands still here
    engine.approve(run.id(), "manager", "ops-2", "receipts attached");

    assertThat(reprise.awaitResult(run).approvedBy()).isEqualTo("ops-2");
  }

  @Test
  void survivesAKillAfterEveryCommit() {
    CrashTest.of(
            ExampleWorkflows.class,
            "expense",
            "{\"claimId\":\"c-1\",\"employee\":\"e-17\",\"amountCents\":4200}")
        .approve("manager", "ops-2", "receipts attached")
        .run()
        .assertHeld(); // else: the first state at which a kill broke a promise, with the journal
  }
}
