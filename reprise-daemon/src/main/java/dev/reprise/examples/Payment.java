package dev.reprise.examples;

/**
 * The input of {@link PaymentWorkflow}: an order to pay.
 *
 * @param orderId the merchant's order id
 * @param amountCents the amount, in cents, at least 1
 */
public record Payment(String orderId, long amountCents) {

  public Payment {
    if (orderId == null || orderId.isBlank()) {
      throw new IllegalArgumentException("orderId must not be blank");
    }
    if (amountCents < 1) {
      throw new IllegalArgumentException("amountCents must be at least 1, was " + amountCents);
    }
  }
}
