package dev.reprise;

/**
 * On replay the workflow asked for a different step than the journal holds at the same sequence
 * number: the workflow code changed, or it branches on something that is not journaled.
 */
public final class NondeterminismException extends RunException {
  private final int seq;
  private final String recordedStep;
  private final String requestedStep;

  public NondeterminismException(String runId, int seq, String recordedStep, String requestedStep) {
    super(
        runId,
        "nondeterminism in run "
            + runId
            + " at seq "
            + seq
            + ": the journal holds step '"
            + recordedStep
            + "' but the workflow asked for '"
            + requestedStep
            + "'",
        null);
    this.seq = seq;
    this.recordedStep = recordedStep;
    this.requestedStep = requestedStep;
  }

  public int seq() {
    return seq;
  }

  public String recordedStep() {
    return recordedStep;
  }

  public String requestedStep() {
    return requestedStep;
  }
}
