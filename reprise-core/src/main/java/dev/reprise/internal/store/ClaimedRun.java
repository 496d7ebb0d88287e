package dev.reprise.internal.store;

/**
 * A run this process now executes, under {@code epoch}. Epoch 1 means it never ran before. An
 * unwinding run was compensating when its process stopped: it is replayed only to rebuild its
 * compensations, which then go on; {@code errorType}/{@code errorMessage} hold the failure that
 * started the unwinding.
 */
public record ClaimedRun(
    String id,
    String workflow,
    String inputJson,
    long epoch,
    boolean unwinding,
    String errorType,
    String errorMessage) {

  /** A run starting forward, never unwound. */
  public static ClaimedRun forward(String id, String workflow, String inputJson, long epoch) {
    return new ClaimedRun(id, workflow, inputJson, epoch, false, null, null);
  }

  public boolean isFirstClaim() {
    return epoch == 1;
  }
}
