package dev.reprise;

import java.util.Locale;

/** The status of a journal entry. */
public enum StepStatus {
  /** Reset by recovery after its body was interrupted; it will run again. */
  PENDING,
  /** Its body has started and has not finished. */
  EXECUTING,
  COMPLETED,
  FAILED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepStatus fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
