package dev.reprise.examples;

/**
 * The carrier refused an order's shipment: {@link OrderSaga}'s {@code ship} step fails for good.
 */
public final class ShipmentRefused extends Exception {
  public ShipmentRefused(String orderId) {
    super("the carrier refused the shipment of " + orderId);
  }
}
