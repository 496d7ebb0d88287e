package dev.reprise.internal.store;

/**
 * A run to insert: {@code pending}, or, when {@code owner} is set, already {@code running} under
 * epoch 1 for that owner (a submit in a process with a free slot starts the run at once). A child
 * run names its parent and the parent's journal entry that started it. {@code deadlineAt} (epoch
 * millis) is the run's deadline, or null.
 */
public record NewRun(
    String id,
    String workflow,
    String inputJson,
    String idempotencyKey,
    long createdAtMillis,
    String owner,
    String parentId,
    Integer parentSeq,
    Long deadlineAt) {

  public NewRun(
      String id,
      String workflow,
      String inputJson,
      String idempotencyKey,
      long createdAtMillis,
      String owner) {
    this(id, workflow, inputJson, idempotencyKey, createdAtMillis, owner, null, null, null);
  }

  public static NewRun pending(
      String id, String workflow, String inputJson, String idempotencyKey, long createdAtMillis) {
    return new NewRun(id, workflow, inputJson, idempotencyKey, createdAtMillis, null);
  }

  public static NewRun child(
      String id,
      String workflow,
      String inputJson,
      long createdAtMillis,
      String parentId,
      int parentSeq) {
    return new NewRun(
        id, workflow, inputJson, null, createdAtMillis, null, parentId, parentSeq, null);
  }
}
