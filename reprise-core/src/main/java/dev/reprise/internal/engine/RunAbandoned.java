package dev.reprise.internal.engine;

/**
 * The run's thread stops without journaling anything, when the engine stops under it, its journal
 * can no longer be written, or another node took the run (its lease was lost). The run stays as the
 * store has it and is taken back by recovery, or already was.
 */
final class RunAbandoned extends RunUnwinding {
  final boolean leaseLost;

  RunAbandoned(String reason, Throwable cause) {
    this(reason, cause, false);
  }

  private RunAbandoned(String reason, Throwable cause, boolean leaseLost) {
    super(reason, cause);
    this.leaseLost = leaseLost;
  }

  static RunAbandoned leaseLost(long epoch, Throwable cause) {
    return new RunAbandoned(
        "the run is no longer held under epoch " + epoch + ": another node took it", cause, true);
  }
}
