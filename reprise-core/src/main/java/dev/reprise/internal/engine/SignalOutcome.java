package dev.reprise.internal.engine;

import dev.reprise.StepInfo;

/**
 * How a completed signal entry (of {@code ctx.awaitSignal} or an approval gate) says what happened,
 * in its output type: the signal came (its payload is the entry's output), or the wait timed out
 * (no output). The labels are stored in journals: never change them.
 */
enum SignalOutcome {
  RECEIVED("signal"),
  TIMED_OUT("signal-timed-out");

  private final String label;

  SignalOutcome(String label) {
    this.label = label;
  }

  /** The output type a completed signal entry is journaled with. */
  String label() {
    return label;
  }

  /** What a completed signal entry recorded: a timeout, or else the signal. */
  static SignalOutcome of(StepInfo recorded) {
    return TIMED_OUT.label.equals(recorded.outputType()) ? TIMED_OUT : RECEIVED;
  }
}
