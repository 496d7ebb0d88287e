package dev.reprise.internal.store;

/**
 * A run to insert: {@code pending}, or, when {@code owner} is set, already {@code running} under
 * epoch 1 for that owner (a submit in a process with a free slot starts the run at once).
 */
public record NewRun(
    String id,
    String workflow,
    String inputJson,
    String idempotencyKey,
    long createdAtMillis,
    String owner) {

  public static NewRun pending(
      String id, String workflow, String inputJson, String idempotencyKey, long createdAtMillis) {
    return new NewRun(id, workflow, inputJson, idempotencyKey, createdAtMillis, null);
  }
}
