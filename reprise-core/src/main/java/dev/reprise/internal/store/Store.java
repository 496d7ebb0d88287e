package dev.reprise.internal.store;

import dev.reprise.RecoveryReport;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.StepInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The store contract: everything the engine and the client need from a database, the same for every
 * dialect and tested by one contract suite. A store belongs to one namespace.
 */
public interface Store extends AutoCloseable {

  /** The file or URL, for messages. */
  String location();

  boolean isReadOnly();

  /** Inserts a pending run durably, or finds the one with the same id or idempotency key. */
  InsertResult insertRun(NewRun run);

  /**
   * Claims runs ready to execute (see {@link Dialect#claim}), highest priority first, then oldest;
   * with a queue's global limit, no more than leave that many of the queue's runs running.
   */
  List<ClaimedRun> claim(Claim claim);

  /** The journal of a run, by seq. */
  List<StepInfo> steps(String runId);

  Optional<RunInfo> run(String runId, boolean withSteps);

  /** Runs matching the filter, newest first, without steps. */
  List<RunInfo> runs(RunFilter filter);

  /**
   * Writes a journal entry. An urgent write is committed before the future completes; a lazy one
   * rides along with the next urgent write (and may commit after urgent writes submitted later). An
   * entry that completed or failed is never overwritten. Fenced: the future fails with {@link
   * LeaseLostException}, writing nothing, when the run is no longer held under the entry's epoch.
   */
  CompletableFuture<Void> writeStep(StepWrite step, boolean urgent);

  /**
   * Records a run's outcome if the run is still {@code running} or {@code compensating} under its
   * epoch; false if not.
   */
  CompletableFuture<Boolean> endRun(RunEnd end);

  /**
   * Moves a running run to {@code compensating}, keeping the failure that started it, if the run is
   * still held under {@code epoch}; false if not.
   */
  CompletableFuture<Boolean> beginUnwinding(
      String runId, long epoch, String errorType, String errorMessage, String reasonLine, long now);

  /**
   * Parks a running run until {@code wakeAt}: it becomes {@code waiting}, held by no process, if it
   * is still held under {@code epoch}; false if not.
   */
  CompletableFuture<Boolean> suspend(
      String runId, long epoch, long wakeAt, String reason, long now);

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

  /**
   * Makes due every parent still waiting for a child that has ended (its wake-up was lost, say,
   * when the child ended by an operator's hand); returns {replayed, still waiting}.
   */
  int[] reconcileChildren(long now);

  /** When the earliest waiting run is due, or null when none waits. */
  Long nextWakeAt();

  /** The cron schedules. */
  ScheduleRows schedules();

  /** Operator views and actions. */
  Operations operations();

  /** The record of operator actions. */
  AuditLog audit();

  /**
   * The runs left {@code running} or {@code compensating} by a process that died: of {@code owner},
   * or of every owner when null.
   */
  List<RunHead> interruptedRuns(String owner);

  /** Applies boot recovery (or a graceful release) in one transaction. */
  RecoveryReport recover(Recovery recovery);

  /** Nodes, leases and sweeps, for several nodes on one database. */
  Leases leases();

  /** Several nodes may execute this store's runs at once (a server database). */
  boolean isShared();

  @Override
  void close();
}
