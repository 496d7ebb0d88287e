package dev.reprise.examples;

/**
 * The output of {@link OrderSaga}: the ledger's reference for each step's effect.
 *
 * @param orderId the order
 * @param reservation the stock reserved
 * @param charge the charge
 * @param shipment the shipment
 */
public record OrderReceipt(String orderId, String reservation, String charge, String shipment) {}
