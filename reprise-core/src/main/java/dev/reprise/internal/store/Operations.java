package dev.reprise.internal.store;

import dev.reprise.RunInfo;
import java.util.List;

/** What an operator reads and does: views of unresolved and recent runs, and state changes. */
public interface Operations {

  /** The wait reason of a run parked for a signal: this prefix, then the signal's name. */
  String SIGNAL_WAIT = "signal:";

  /** Runs not ended, and runs in {@code failed_compensation}, oldest first, with their steps. */
  List<RunInfo> unresolved();

  /** The most recent runs first, by when they ended, started or were created, with steps. */
  List<RunInfo> recent(int limit);

  /**
   * Deletes runs that ended completed, failed or cancelled before the cutoff, with their steps, in
   * transactions of at most {@code batch} runs; returns how many.
   */
  int vacuum(long cutoffMillis, int batch);

  /** The outcome of an operator action on a run. */
  enum Change {
    DONE,
    NOT_FOUND,
    WRONG_STATUS
  }

  /**
   * Marks a run {@code failed_compensation} from {@code compensating}, {@code failed} or {@code
   * failed_compensation}, appending {@code reasonLine}. Fences out any process holding it.
   */
  Change markFailedCompensation(String runId, String reasonLine, long now);

  /** {@code failed_compensation} to {@code compensating}, its failed compensations to retry. */
  Change retryCompensation(String runId, String reasonLine, long now);

  /** {@code failed_compensation} to {@code failed}, with the operator's note kept. */
  Change resolve(String runId, String note, String reasonLine, long now);

  /**
   * Cancels a pending run at once; asks a running or waiting run to stop (it compensates at its
   * next step; a waiting run is made due). {@code DONE} either way.
   */
  Change cancel(String runId, String reason, String reasonLine, long now);

  /**
   * Keeps a signal for a run that has not ended; a run waiting for a signal of that name becomes
   * due at once.
   */
  Change signal(String runId, String signalId, String name, String payload, long now);

  /** How many runs the namespace holds in each status; statuses with none are left out. */
  java.util.Map<dev.reprise.RunStatus, Long> countByStatus();

  /** Runs of this owner asked to cancel: id to reason. */
  java.util.Map<String, String> cancelRequests(String owner);
}
