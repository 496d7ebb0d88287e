package dev.reprise.internal.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The writes of an executor to a run it holds. Each is fenced: it changes nothing when the run is
 * no longer held under the epoch it names (another node took it, or an operator did), and says so.
 */
public interface RunJournal {

  /**
   * Writes a journal entry. An urgent write is committed before the future completes; a lazy one
   * rides along with the next urgent write (and may commit after urgent writes submitted later). An
   * entry that completed or failed is never overwritten. The future fails with {@link
   * LeaseLostException}, writing nothing, when the run is no longer held under the entry's epoch.
   */
  CompletableFuture<Void> writeStep(StepWrite step, boolean urgent);

  /** Records a run's outcome ({@link RunTransition#END}); false when the run is no longer held. */
  CompletableFuture<Boolean> endRun(RunEnd end);

  /**
   * Moves a running run to {@code compensating} ({@link RunTransition#BEGIN_UNWINDING}), keeping
   * the failure that started it; false when the run is no longer held.
   */
  CompletableFuture<Boolean> beginUnwinding(Unwinding unwinding);

  /**
   * Parks a running run ({@link RunTransition#PARK}): it becomes {@code waiting}, held by no
   * process, due at {@code parking.wakeAt()} or sooner when what it waits for has already come;
   * false when the run is no longer held.
   */
  CompletableFuture<Boolean> park(Parking parking);

  /**
   * In one transaction: takes the oldest unconsumed signal called {@code name} for the entry's run,
   * marks it consumed by the entry, and records the entry completed with the signal's payload as
   * its output. Returns the payload JSON, or empty (and records nothing) when no such signal waits.
   */
  Optional<String> consumeSignal(StepWrite completed, String name);

  /**
   * Starts a child run: inserts it (unless a replay already did) and records the parent's journal
   * entry, in one transaction. True when the child was created now.
   */
  CompletableFuture<Boolean> startChild(StepWrite entry, NewRun child);
}
