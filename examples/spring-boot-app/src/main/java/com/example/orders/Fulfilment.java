package com.example.orders;

/**
 * The outside systems an order touches (a warehouse, a payment provider, a carrier). Each call
 * takes the step's idempotency key, so that a call repeated after a crash is recognised and not
 * applied twice.
 */
public interface Fulfilment {
  String reserve(Order order, String idempotencyKey);

  String charge(Order order, String idempotencyKey);

  String ship(Order order, String idempotencyKey);
}
