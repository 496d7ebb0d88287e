package dev.reprise.internal.engine;

/**
 * Raised at a step boundary of a run asked to cancel; the run then unwinds and ends {@code
 * cancelled}. An Error so that user code catching {@code Exception} does not swallow it.
 */
final class CancelSignal extends Error {
  final String reason;

  CancelSignal(String reason) {
    super("cancelled: " + reason, null, false, false);
    this.reason = reason;
  }
}
