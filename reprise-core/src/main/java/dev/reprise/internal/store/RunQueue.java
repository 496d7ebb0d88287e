package dev.reprise.internal.store;

import dev.reprise.ReconcileReport;
import dev.reprise.RecoveryReport;
import java.util.List;
import java.util.Map;

/** How runs enter, are taken to execute, come due, and are taken back after a crash. */
public interface RunQueue {

  /** Inserts a run durably, or finds the one with the same id or idempotency key. */
  InsertResult insert(NewRun run);

  /**
   * Claims runs ready to execute ({@link RunTransition#CLAIM}), highest priority first, then
   * oldest; with a queue's global limit, no more than leave that many of the queue's runs running.
   */
  List<ClaimedRun> claim(Claim claim);

  /** When the earliest waiting run is due, or null when none waits. */
  Long nextWakeAt();

  /**
   * Makes due every parent still waiting for a child that has ended (its wake-up was lost, say,
   * when the child ended by an operator's hand).
   */
  ReconcileReport reconcileChildren(long now);

  /**
   * The runs left {@code running} or {@code compensating} by a process that died: of {@code owner},
   * or of every owner when null.
   */
  List<RunHead> interrupted(String owner);

  /** Applies boot recovery (or a graceful release) in one transaction. */
  RecoveryReport recover(Recovery recovery);

  /**
   * Inserts a fork of run {@code source} with the journal entries it starts from, in one
   * transaction; the run is inserted at epoch 1, so that its first claim reads them. The source is
   * marked superseded by it: it cannot be resumed, nor forked again but as this same fork.
   *
   * @throws dev.reprise.RunStateException when the source was forked already as another run
   */
  InsertResult fork(String source, NewRun run, List<StepWrite> journal);

  /**
   * Marks the failed run {@code source} superseded by its retry (the new run of idempotency key
   * {@code retryKey}), so that it can no longer be resumed or forked; marking it again with the
   * same key is no change.
   *
   * @throws dev.reprise.RunStateException when it is no longer failed, or was forked or resumed
   */
  void markRetried(String source, String retryKey);

  /**
   * Gives back runs this engine held and no longer executes ({@link RunTransition#TAKE_BACK}, not
   * counted as a crash): their epoch moves on, so that a body of theirs still running writes
   * nothing. Only a run still held under the epoch given for it: one another node took meanwhile is
   * left to it. Returns how many.
   *
   * @param held the runs, each with the epoch this engine held it under
   * @param storeFailed they stopped because the store refused a write (a full disk): the attempt of
   *     a step cut short so is not counted against its retry policy, as the store failed, not the
   *     step
   */
  int release(java.util.Map<String, Long> held, long now, boolean storeFailed);

  /** Makes due the runs waiting for an operator for {@code cause}; returns how many. */
  int wakeBlocked(String cause, long now);

  /** Runs of this owner asked to cancel: id to reason. */
  Map<String, String> cancelRequests(String owner);
}
