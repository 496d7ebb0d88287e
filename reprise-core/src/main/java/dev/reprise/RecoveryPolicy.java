package dev.reprise;

/**
 * What happens to a run whose process died under it (at boot of the same node, or when its lease
 * expires on another).
 */
public enum RecoveryPolicy {
  /** Replay it: completed steps return their journaled results, the interrupted one runs again. */
  RESTART,
  /** Fail it, with a reason saying it was interrupted; nothing of it runs again. */
  FAIL;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The policy of a label as stored, or null for an unknown one. */
  public static RecoveryPolicy fromLabel(String label) {
    for (RecoveryPolicy p : values()) {
      if (p.label().equals(label)) {
        return p;
      }
    }
    return null;
  }
}
