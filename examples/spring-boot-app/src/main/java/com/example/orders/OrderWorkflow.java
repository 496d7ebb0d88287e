package com.example.orders;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import org.springframework.stereotype.Component;

/**
 * Reserve, charge, ship: three journaled steps. After a crash the run is replayed from the top; a
 * step already recorded returns its result without calling {@link Fulfilment} again.
 */
@Component
public class OrderWorkflow implements Workflow<Order, Receipt> {
  private final Fulfilment fulfilment;

  public OrderWorkflow(Fulfilment fulfilment) {
    this.fulfilment = fulfilment;
  }

  @Override
  public String name() {
    return "order";
  }

  @Override
  public Receipt run(RunContext ctx, Order order) {
    String reservation = ctx.step("reserve", () -> fulfilment.reserve(order, ctx.idempotencyKey()));
    String charge = ctx.step("charge", () -> fulfilment.charge(order, ctx.idempotencyKey()));
    String shipment = ctx.step("ship", () -> fulfilment.ship(order, ctx.idempotencyKey()));
    return new Receipt(order.id(), reservation, charge, shipment);
  }
}
