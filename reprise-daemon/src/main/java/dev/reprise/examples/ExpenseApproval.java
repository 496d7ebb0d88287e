package dev.reprise.examples;

import dev.reprise.Approval;
import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.time.Duration;

/**
 * An approval gate: a claim is recorded, then the run waits (holding no thread) for the {@code
 * manager} gate to be approved or rejected, for up to seven days. Approved, it pays out; rejected
 * or timed out, the run fails and an operator may retry it.
 *
 * <pre>{@code
 * reprise submit expense --input '{"claimId":"c-1","employee":"e-17","amountCents":4200}'
 * reprise approve RUN_ID manager --actor ops-2 --reason "receipts attached"
 * }</pre>
 */
public final class ExpenseApproval implements Workflow<Expense, ExpensePaid> {
  public static final String NAME = "expense";
  public static final String GATE = "manager";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ExpensePaid run(RunContext ctx, Expense expense) {
    ctx.step("record", () -> "claim " + expense.claimId() + " by " + expense.employee());
    Approval decision = ctx.awaitApproval(GATE, Duration.ofDays(7));
    switch (decision.decision()) {
      case APPROVED -> {}
      case REJECTED ->
          throw new ExpenseRejected(
              expense.claimId(), "rejected by " + decision.actor() + ": " + decision.reason());
      case TIMED_OUT -> throw new ExpenseRejected(expense.claimId(), "not decided within 7 days");
    }
    String payout =
        ctx.step(
            "pay",
            () -> "payout " + ctx.idempotencyKey() + " of " + expense.amountCents() + " cents");
    return new ExpensePaid(expense.claimId(), decision.actor(), payout);
  }
}
