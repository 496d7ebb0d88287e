package com.example.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** A stand-in for the real systems: logs each effect and returns a reference made from its key. */
@Component
public class SimulatedFulfilment implements Fulfilment {
  private static final Logger log = LoggerFactory.getLogger(SimulatedFulfilment.class);

  @Override
  public String reserve(Order order, String idempotencyKey) {
    return effect("reserved", order, idempotencyKey);
  }

  @Override
  public String charge(Order order, String idempotencyKey) {
    return effect("charged", order, idempotencyKey);
  }

  @Override
  public String ship(Order order, String idempotencyKey) {
    return effect("shipped", order, idempotencyKey);
  }

  private static String effect(String what, Order order, String idempotencyKey) {
    log.info("{} order {} (key {})", what, order.id(), idempotencyKey);
    return what + ":" + idempotencyKey;
  }
}
