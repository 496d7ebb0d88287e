package dev.reprise.internal.store;

import java.time.Instant;

/** A line of a run's failure reason: when, then what. */
public final class ReasonLine {
  private ReasonLine() {}

  /** {@code 2026-11-22T21:00:00Z text}, or null for null text. */
  public static String of(long epochMillis, String text) {
    return text == null ? null : Instant.ofEpochMilli(epochMillis) + " " + text;
  }
}
