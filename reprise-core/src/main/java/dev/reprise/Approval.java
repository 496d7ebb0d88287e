package dev.reprise;

import java.time.Instant;

/**
 * The outcome of {@link RunContext#awaitApproval}: approved or rejected by an actor, with why, or
 * timed out.
 *
 * @param decidedAt when the decision was sent, or null for a timeout
 */
public record Approval(Decision decision, String actor, String reason, Instant decidedAt) {

  /** What was decided. */
  public enum Decision {
    APPROVED,
    REJECTED,
    TIMED_OUT
  }

  public boolean isApproved() {
    return decision == Decision.APPROVED;
  }
}
