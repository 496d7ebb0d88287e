package dev.reprise.internal.store;

/** What an operator does to a run. Each action says whether it was done, and if not, why. */
public interface Operations {

  /** The outcome of an operator action on a run. */
  enum Change {
    DONE,
    NOT_FOUND,
    WRONG_STATUS
  }

  /**
   * Deletes runs that ended completed, failed or cancelled before the cutoff, with their steps, in
   * transactions of at most {@code batch} runs; returns how many.
   */
  int vacuum(long cutoffMillis, int batch);

  /**
   * Marks a run {@code failed_compensation} ({@link RunTransition#MARK_FAILED_COMPENSATION}),
   * appending {@code reasonLine}. Fences out any process holding it.
   */
  Change markFailedCompensation(String runId, String reasonLine, long now);

  /** {@link RunTransition#RETRY_COMPENSATION}: its failed compensations run again. */
  Change retryCompensation(String runId, String reasonLine, long now);

  /** {@link RunTransition#RESOLVE}, with the operator's note kept. */
  Change resolve(String runId, String note, String reasonLine, long now);

  /**
   * {@link RunTransition#RESUME}: a run waiting for an operator is made due, its crash streak and
   * the attempts of its interrupted entries (those a crash loop used up) cleared; a run that failed
   * without undoing any step (not compensated, not resolved) goes back to {@code pending} with its
   * journal, the failed entry that ended it to run again, its failure and its recoveries cleared.
   */
  Change resume(String runId, String reasonLine, long now);

  /**
   * Cancels a pending run at once ({@link RunTransition#CANCEL_PENDING}); asks a running or waiting
   * run to stop ({@link RunTransition#REQUEST_CANCEL}: it compensates at its next step; a waiting
   * run is made due). {@code DONE} either way. The same reaches every descendant that was not
   * started detached, in the same transaction.
   */
  Change cancel(String runId, String reason, String reasonLine, long now);

  /**
   * Keeps a signal for a run that has not ended ({@link RunTransition#SIGNAL}); a run waiting for a
   * signal of that name becomes due at once.
   */
  Change signal(String runId, String signalId, String name, String payload, long now);
}
