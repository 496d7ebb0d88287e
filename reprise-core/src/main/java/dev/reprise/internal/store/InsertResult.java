package dev.reprise.internal.store;

/**
 * The run a submit stands for: the one it created, or the one that already had its id or
 * idempotency key, with that run's workflow and input (both null when the id is taken in another
 * scope), so that a submit can tell a repeat from a conflict.
 */
public record InsertResult(
    String runId, boolean created, String existingWorkflow, String existingInput) {

  public static InsertResult created(String runId) {
    return new InsertResult(runId, true, null, null);
  }

  public static InsertResult existing(String runId, String workflow, String input) {
    return new InsertResult(runId, false, workflow, input);
  }
}
