package dev.reprise;

import java.util.Locale;

/** The status of a run, written in lower case in every API, CLI and JSON output. */
public enum RunStatus {
  PENDING,
  RUNNING,
  WAITING,
  COMPENSATING,
  COMPLETED,
  FAILED,
  CANCELLED,
  FAILED_COMPENSATION;

  /** Whether the run has ended; nothing moves it on but an operator. */
  public boolean isTerminal() {
    return switch (this) {
      case COMPLETED, FAILED, CANCELLED, FAILED_COMPENSATION -> true;
      case PENDING, RUNNING, WAITING, COMPENSATING -> false;
    };
  }

  /** The stored and printed name, e.g. {@code failed_compensation}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus fromLabel(String label) {
    try {
      return valueOf(label.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationException("status", "unknown run status '" + label + "'");
    }
  }
}
