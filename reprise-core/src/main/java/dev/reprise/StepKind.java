package dev.reprise;

import java.util.Locale;

/** What a journal entry records. */
public enum StepKind {
  /** A step body given to {@code ctx.step}. */
  STEP,
  /** A journaled {@code ctx.now()}. */
  NOW,
  /** A journaled {@code ctx.randomUUID()}. */
  UUID,
  /** The compensation of a completed step, run while a failed run unwinds. */
  COMPENSATION,
  /** A durable {@code ctx.sleep}; its output is the instant it wakes at. */
  SLEEP,
  /** A {@code ctx.awaitSignal}: the signal's payload once consumed, or a timeout. */
  SIGNAL,
  /** A child run: its id once started, its output once it ended. */
  CHILD,
  /** A {@code ctx.patched(changeId)} that took the new code path. */
  PATCH,
  /** A {@code ctx.tag(name, value)}: its output is the value; the run's tag is set with it. */
  TAG,
  /**
   * A {@code ctx.publish(name, value)}: its output is the value as JSON, published with it for
   * {@code client.published} to read.
   */
  PUBLISH;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepKind fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
