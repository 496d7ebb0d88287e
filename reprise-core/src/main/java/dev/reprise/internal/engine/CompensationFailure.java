package dev.reprise.internal.engine;

/** A compensation that failed for good: its step, its journal seq and why. */
record CompensationFailure(String step, int seq, String errorType, String errorMessage) {
  String describe() {
    return "compensation of step '"
        + step
        + "' (seq "
        + seq
        + ") failed: "
        + errorType
        + ": "
        + errorMessage;
  }
}
