/**
 * Example workflows bundled with the {@code reprise} command, runnable by {@code reprise demo}.
 * {@link dev.reprise.examples.PaymentWorkflow} pays an order in five steps against an external
 * {@link dev.reprise.examples.Ledger} that deduplicates by idempotency key, as a real payment API
 * would; {@link dev.reprise.examples.OrderSaga} reserves, charges and ships an order, and undoes
 * the reservation and the charge when shipping fails.
 */
package dev.reprise.examples;
