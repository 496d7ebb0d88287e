package dev.reprise.internal.store;

/** A run this process now executes, under {@code epoch}. Epoch 1 means it never ran before. */
public record ClaimedRun(String id, String workflow, String inputJson, long epoch) {
  public boolean isFirstClaim() {
    return epoch == 1;
  }
}
