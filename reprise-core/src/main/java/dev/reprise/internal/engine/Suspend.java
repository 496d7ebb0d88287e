package dev.reprise.internal.engine;

/**
 * Unwinds a run's thread when the run waits durably: the run is parked in the store until {@code
 * wakeAt} and replayed then. An Error so that user code catching {@code Exception} does not swallow
 * it.
 */
final class Suspend extends Error {
  final long wakeAt;
  final String reason;

  Suspend(long wakeAt, String reason) {
    super("suspended until " + wakeAt + ": " + reason, null, false, false);
    this.wakeAt = wakeAt;
    this.reason = reason;
  }
}
