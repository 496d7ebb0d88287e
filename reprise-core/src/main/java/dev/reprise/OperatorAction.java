package dev.reprise;

import java.util.Locale;

/**
 * What an operator did, as the audit records it ({@link RepriseClient#audit}). Written in lower
 * case in every API, CLI and JSON output, e.g. {@code retry_compensation}.
 */
public enum OperatorAction {
  APPROVE,
  REJECT,
  CANCEL,
  RETRY,
  RESUME,
  FORK,
  RETRY_COMPENSATION,
  RESOLVE,
  MARK_FAILED_COMPENSATION,
  SCHEDULE_CREATE,
  SCHEDULE_PAUSE,
  SCHEDULE_RESUME,
  SCHEDULE_DELETE;

  /** Whether the action concerns a schedule rather than a run. */
  public boolean onSchedule() {
    return switch (this) {
      case SCHEDULE_CREATE, SCHEDULE_PAUSE, SCHEDULE_RESUME, SCHEDULE_DELETE -> true;
      case APPROVE,
          REJECT,
          CANCEL,
          RETRY,
          RESUME,
          FORK,
          RETRY_COMPENSATION,
          RESOLVE,
          MARK_FAILED_COMPENSATION ->
          false;
    };
  }

  /** The stored and printed name, e.g. {@code schedule_pause}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OperatorAction fromLabel(String label) {
    try {
      return valueOf(label.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationException("action", "unknown operator action '" + label + "'");
    }
  }
}
