package dev.reprise.examples;

import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;
import java.util.List;
import java.util.Map;

/**
 * A saga: reserve the stock, charge the customer, ship. Reserving and charging each carry a
 * compensation (release the reservation, refund the charge); when shipping fails, Reprise runs them
 * in reverse and the run ends {@code failed} with {@code compensated} set. Every effect and every
 * compensation goes to the {@link Ledger} under {@code ctx.idempotencyKey()}: inside a compensation
 * that is {@code runId:seq} of the compensation's own journal entry, so an undo run again after a
 * crash is deduplicated like a step.
 *
 * <pre>{@code
 * var orders = new OrderSaga(ledger, new JournalCheck(db), RetryPolicy.DEFAULT);
 * reprise.submit(orders, new Order("order-7", 4200, false)).result(Duration.ofSeconds(10));
 * }</pre>
 */
public final class OrderSaga implements Workflow<Order, OrderReceipt> {
  public static final String NAME = "order";

  /** The forward steps, in journal order: step {@code i} of this list has seq {@code i + 1}. */
  public static final List<String> STEPS = List.of("reserve", "charge", "ship");

  /** The effect each compensated step's compensation writes to the ledger, by step name. */
  public static final Map<String, String> COMPENSATIONS =
      Map.of("reserve", "release", "charge", "refund");

  private final LedgerEffects effects;
  private final StepOptions undoable;
  private final StepOptions ship;

  /**
   * @param retry how a step and a compensation are retried; attempts count across restarts
   */
  public OrderSaga(Ledger ledger, JournalCheck journal, RetryPolicy retry) {
    this.effects = new LedgerEffects(ledger, journal);
    this.undoable = new StepOptions(retry, false, retry);
    // A refusal will not change on a second try: fail at once, and unwind.
    this.ship = StepOptions.retry(retry.withNonRetryable(ShipmentRefused.class));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OrderReceipt run(RunContext ctx, Order order) {
    long amount = order.amountCents();
    String reservation =
        ctx.step(
            "reserve",
            undoable,
            () -> effects.apply(ctx, "reserve", amount),
            held -> effects.apply(ctx, COMPENSATIONS.get("reserve"), amount));
    String charge =
        ctx.step(
            "charge",
            undoable,
            () -> effects.apply(ctx, "charge", amount),
            charged -> effects.apply(ctx, COMPENSATIONS.get("charge"), amount));
    // No compensation: shipping is the last step, so nothing after it can fail and undo it.
    String shipment =
        ctx.step(
            "ship",
            ship,
            () -> {
              if (order.failShip()) {
                throw new ShipmentRefused(order.orderId());
              }
              return effects.apply(ctx, "ship", amount);
            });
    return new OrderReceipt(order.orderId(), reservation, charge, shipment);
  }
}
