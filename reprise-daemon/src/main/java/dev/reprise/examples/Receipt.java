package dev.reprise.examples;

/**
 * The output of {@link PaymentWorkflow}: the ledger's reference for each step's effect.
 *
 * @param orderId the order that was paid
 * @param hold the reservation of the funds
 * @param charge the charge
 * @param receipt the receipt issued
 * @param notice the notification sent to the customer
 * @param settlement the settlement with the merchant
 */
public record Receipt(
    String orderId, String hold, String charge, String receipt, String notice, String settlement) {}
