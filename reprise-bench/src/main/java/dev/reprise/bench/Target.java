package dev.reprise.bench;

/**
 * A figure a measurement is held to: its median must be at least (a rate) or at most (a latency, a
 * memory size) {@code value}.
 */
record Target(double value, boolean atMost) {

  static Target atLeast(double value) {
    return new Target(value, false);
  }

  static Target atMost(double value) {
    return new Target(value, true);
  }

  boolean met(double median) {
    return atMost ? median <= value : median >= value;
  }

  /** How the target reads in JSON: {@code at_least} or {@code at_most}. */
  String kind() {
    return atMost ? "at_most" : "at_least";
  }

  String symbol() {
    return atMost ? "<=" : ">=";
  }
}
