package dev.reprise.examples;

/**
 * The input of {@link OrderSaga}: an order to reserve, charge and ship.
 *
 * @param orderId the merchant's order id
 * @param amountCents the amount, in cents, at least 1
 * @param failShip whether the carrier refuses the shipment, so that the saga fails at {@code ship}
 *     and unwinds
 */
public record Order(String orderId, long amountCents, boolean failShip) {

  public Order {
    if (orderId == null || orderId.isBlank()) {
      throw new IllegalArgumentException("orderId must not be blank");
    }
    if (amountCents < 1) {
      throw new IllegalArgumentException("amountCents must be at least 1, was " + amountCents);
    }
  }
}
