package dev.reprise.internal.engine;

/** Raised at a step boundary of a run asked to stop; the run then unwinds and ends cancelled. */
final class CancelSignal extends RunUnwinding {
  final String reason;

  CancelSignal(String reason) {
    super("cancelled: " + reason, null);
    this.reason = reason;
  }
}
