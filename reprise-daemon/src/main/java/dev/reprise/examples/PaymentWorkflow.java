package dev.reprise.examples;

import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;
import java.util.List;

/**
 * Pays an order in five steps: reserve the funds, charge, issue a receipt, notify the customer,
 * settle with the merchant. Each step's effect goes to the {@link Ledger} under the step's
 * idempotency key ({@code runId:seq}), so a body that runs again after a crash (at least once is
 * the contract) changes nothing the second time.
 *
 * <pre>{@code
 * var payments = new PaymentWorkflow(ledger, new JournalCheck(db), RetryPolicy.DEFAULT);
 * try (Reprise reprise = Reprise.builder().sqlite(db).workflow(payments).build()) {
 *   reprise.start();
 *   Receipt r = reprise.submit(payments, new Payment("order-1", 1999)).result(Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class PaymentWorkflow implements Workflow<Payment, Receipt> {
  public static final String NAME = "payment";

  /** The step names, in journal order: step {@code i} of this list has seq {@code i + 1}. */
  public static final List<String> STEPS =
      List.of("reserve", "charge", "receipt", "notify", "settle");

  private final LedgerEffects effects;
  private final StepOptions options;

  /**
   * @param retry how a step is retried; attempts count across restarts, so a step interrupted by
   *     more crashes than it has attempts fails the run
   */
  public PaymentWorkflow(Ledger ledger, JournalCheck journal, RetryPolicy retry) {
    this.effects = new LedgerEffects(ledger, journal);
    this.options = StepOptions.retry(retry);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Receipt run(RunContext ctx, Payment payment) {
    String hold = ctx.step("reserve", options, () -> effect(ctx, "reserve", payment));
    String charge = ctx.step("charge", options, () -> effect(ctx, "charge", payment));
    String receipt = ctx.step("receipt", options, () -> effect(ctx, "receipt", payment));
    String notice = ctx.step("notify", options, () -> effect(ctx, "notify", payment));
    String settlement = ctx.step("settle", options, () -> effect(ctx, "settle", payment));
    return new Receipt(payment.orderId(), hold, charge, receipt, notice, settlement);
  }

  private String effect(RunContext ctx, String step, Payment payment) throws Exception {
    return effects.apply(ctx, step, payment.amountCents());
  }
}
