package dev.reprise.internal.store;

/**
 * A run this process now executes, under {@code epoch}. Epoch 1 means it never ran before. An
 * unwinding run was compensating when its process stopped: it is replayed only to rebuild its
 * compensations, which then go on; {@code errorType}/{@code errorMessage} hold the failure that
 * started the unwinding. {@code cancelReason} is set when the run was asked to cancel; {@code
 * deadlineAt} (epoch millis) when it has a deadline. {@code queue} is the queue it counts against;
 * {@code parentId} the run that started it as a child, or null.
 */
public record ClaimedRun(
    String id,
    String workflow,
    String inputJson,
    long epoch,
    boolean unwinding,
    String errorType,
    String errorMessage,
    String cancelReason,
    Long deadlineAt,
    String queue,
    String parentId) {

  /** A run starting forward, never unwound. */
  public static ClaimedRun forward(
      String id, String workflow, String inputJson, long epoch, Long deadlineAt, String queue) {
    return new ClaimedRun(
        id, workflow, inputJson, epoch, false, null, null, null, deadlineAt, queue, null);
  }

  public boolean isFirstClaim() {
    return epoch == 1;
  }
}
