package dev.reprise.internal.engine;

/**
 * The run's thread stops without journaling anything, when the engine stops under it, its journal
 * can no longer be written, or the run is no longer held under its epoch (another node took it, or
 * this engine fenced the body). The run stays as the store has it and is taken back by recovery, or
 * already was.
 */
final class RunAbandoned extends RunUnwinding {
  /** Why a run was abandoned. */
  enum Why {
    /** The engine is stopping; the run is given back. */
    STOPPING,
    /** Another epoch holds the run now. */
    LEASE_LOST,
    /** The journal cannot be written. */
    STORE
  }

  final Why why;

  RunAbandoned(String reason, Throwable cause, Why why) {
    super(reason, cause);
    this.why = why;
  }

  static RunAbandoned stopping(Throwable cause) {
    return new RunAbandoned("engine stopping", cause, Why.STOPPING);
  }

  static RunAbandoned leaseLost(long epoch, Throwable cause) {
    return new RunAbandoned(
        "the run is no longer held under epoch "
            + epoch
            + ": another node took it, or this engine"
            + " fenced its body",
        cause,
        Why.LEASE_LOST);
  }
}
