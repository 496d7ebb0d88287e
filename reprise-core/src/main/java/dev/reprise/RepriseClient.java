package dev.reprise;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Submits and queries runs. Works in a process that executes no workflows (a CLI, another service):
 * build one with {@link Reprise.Builder#buildClient()}.
 *
 * <p>Ids a caller makes up (run ids, idempotency keys, signal, gate and schedule names, actors) are
 * checked as {@link Ids} says; ids that name an existing run or schedule are taken as they come, so
 * a run stored under an id that breaks today's rules can still be read, cancelled or resolved.
 *
 * <p>Operator actions (approve, reject, cancel, retry, retry-compensation, resolve, marking
 * failed_compensation, creating, pausing, resuming and deleting schedules) are recorded in an
 * audit, readable per run with {@link #audit(String)}: who acted, when, and why. The actor is the
 * one {@link #as(String)} names; a client that was not given one records the operating-system user
 * of its process.
 */
public interface RepriseClient extends AutoCloseable {

  /**
   * Starts a run of {@code workflow}. The run is durable when this returns. With a run id or an
   * idempotency key that already exists, returns the existing run.
   *
   * @throws InvalidInputException when the input does not fit the workflow's input type
   * @throws UnknownWorkflowException when workflows are registered here and this is not one
   */
  <I, O> RunHandle<O> submit(Workflow<I, O> workflow, I input, RunOptions options);

  default <I, O> RunHandle<O> submit(Workflow<I, O> workflow, I input) {
    return submit(workflow, input, RunOptions.DEFAULT);
  }

  /**
   * Starts a run of the workflow with this name, its input given as JSON. When the workflow is
   * registered in this process the input is checked against its type first.
   *
   * @throws UnknownWorkflowException when a workflow list is known here and the name is not on it
   * @throws InvalidInputException when the JSON does not parse or does not fit
   */
  RunHandle<Object> submitJson(String workflow, String inputJson, RunOptions options);

  /** A handle on an existing run, its output read as {@code outputType}. */
  <O> RunHandle<O> handle(String runId, TypeRef<O> outputType);

  /**
   * The run with its journal.
   *
   * @throws RunNotFoundException when there is none
   */
  RunInfo run(String runId);

  /** Runs matching the filter, newest first, without their steps. */
  List<RunInfo> runs(RunFilter filter);

  /** Runs not ended yet, and runs in {@code failed_compensation}, oldest first, with steps. */
  List<RunInfo> unresolved();

  /**
   * Replays the journal of every {@link #unresolved()} run, and of every failed run whose steps
   * were not undone (it may be resumed), against the workflows this client was built with, reading
   * only: no body runs, nothing is written. Each replay goes as far as the run has gone (up to the
   * first step not completed, wait or child not ended, where the live run would act) and reports
   * where the code parts from the journal: a step renamed, moved or removed, a workflow that
   * returns or throws before the end of its journal, a workflow or an input type this code does not
   * have. Run it before a deploy, with the new code, against the production store or a copy of it
   * ({@code reprise backup}).
   *
   * @return the runs the new code would stop with a replay mismatch; empty when all replay
   */
  List<ReplayProblem> checkReplay();

  /**
   * The journal of a run, whatever its status (what was pending when a process died, say).
   *
   * @throws RunNotFoundException when there is no such run
   */
  List<StepInfo> steps(String runId);

  /**
   * The {@code limit} most recent runs (by when they ended, started or were created), with steps.
   */
  List<RunInfo> recent(int limit);

  /**
   * Deletes the runs that ended more than {@code olderThan} ago, with their journals, in small
   * transactions; never a run in flight, nor one in {@code failed_compensation} (it waits for an
   * operator: resolve it first). Returns how many runs it deleted.
   */
  int vacuum(Duration olderThan);

  /**
   * The latest value the run published under {@code name} ({@link RunContext#publish}), at any
   * time: while it runs or waits, and after it ended (until it is deleted). Empty when the run has
   * not published that name (yet).
   *
   * @throws RunNotFoundException when there is no such run
   */
  Optional<PublishedValue> published(String runId, String name);

  /**
   * The latest value published under {@code name}, read as {@code type}.
   *
   * @throws RunNotFoundException when there is no such run
   * @throws InvalidOutputException when the value cannot be read as {@code type}
   */
  <T> Optional<T> published(String runId, String name, Class<T> type);

  /** The latest value published under {@code name}, read as {@code type} (a generic type). */
  <T> Optional<T> published(String runId, String name, TypeRef<T> type);

  /**
   * Sets the retention policy of a workflow's runs, in the database, for every node and client of
   * it; a policy that keeps everything removes it. It takes effect at the next application (every
   * running engine applies the policies about once an hour, or {@link #applyRetention()}).
   *
   * @throws UnknownWorkflowException when this client was built with workflows and {@code workflow}
   *     is none of them
   */
  void retention(String workflow, RetentionPolicy policy);

  /**
   * Sets how many runs of each value of the concurrency key {@code name} may be live (started and
   * not ended) at once, in the database, for every node: from the next claim on. The default, 1,
   * removes the setting. Lowering it ends no run: runs over the new limit go on, and no more start
   * until they are under it. See {@link ConcurrencyKey}.
   *
   * @throws InvalidConfigurationException when {@code name} is not a key name or {@code maxRunning}
   *     is not between 1 and {@link ConcurrencyKey#MAX_LIMIT}
   */
  void concurrencyLimit(String name, int maxRunning);

  /** The concurrency limits set in the database, by key name (names not listed have 1). */
  Map<String, Integer> concurrencyLimits();

  /** The retention policies set in the database, by workflow name. */
  Map<String, RetentionPolicy> retentionPolicies();

  /**
   * Applies the retention policies now: deletes the ended runs each policy no longer keeps (as of
   * the client's clock), with their journals, tags and published values, in small transactions;
   * never a run that has not ended, nor one in {@code failed_compensation}. Returns how many runs
   * it deleted.
   */
  int applyRetention();

  /**
   * Marks a run {@code failed_compensation} (from {@code compensating}, {@code failed} or {@code
   * failed_compensation}) for an operator to look at. Marking again is harmless: the status stays
   * and the reason is appended, with its time, to the run's failure reason.
   *
   * @throws RunStateException for a run in another status
   */
  void markFailedCompensation(String runId, String reason);

  /**
   * Runs the compensations of a {@code failed_compensation} run again: it goes back to {@code
   * compensating}; compensations that completed are not run again.
   */
  void retryCompensation(String runId);

  /**
   * Runs a {@code failed} run again from the start: a new run of the same workflow with the same
   * input, whose idempotency key is {@code retry:} and the failed run's id. Retrying the same run
   * twice returns the same new run; the failed run is left as it is. Only where the failed run's
   * effects were undone (it unwound, {@code compensated}) or it completed no step: a new run's
   * steps have new idempotency keys, so the outside world could not tell them from new effects. For
   * a run whose steps were not undone, {@link #resume} it in place, or {@link #fork} it.
   *
   * @throws RunNotFoundException when there is no such run
   * @throws RunStateException when the run is not {@code failed}, or its steps were not undone
   */
  RunHandle<Object> retry(String runId);

  /**
   * Resumes a run in place: same run id, same step keys, from its first unfinished step. For a run
   * waiting for an operator (stopped by a replay mismatch once the code is fixed, or quarantined
   * after a crash loop), it is made due; for a {@code failed} run whose steps were not undone (not
   * compensated, not resolved), it goes back to {@code pending} with its journal: the completed
   * steps are replayed, the entry whose failure ended it runs again.
   *
   * @throws RunStateException for any other run
   */
  void resume(String runId);

  /**
   * Forks an ended run from journal position {@code fromSeq}: a new run of the same workflow and
   * input that starts with the recorded outcomes of the entries before {@code fromSeq} (their
   * bodies do not run again) and runs the rest. It takes over those steps: if it fails, their
   * compensations run in it. Only runs whose steps were not undone (completed, failed without
   * unwinding, cancelled before any step). Forking the same run from the same position twice
   * returns the same new run (its idempotency key is {@code fork:RUN:SEQ}).
   *
   * @throws RunStateException when the run has not ended, or its steps were undone
   * @throws InvalidConfigurationException on field {@code fromSeq} when an entry before it had not
   *     ended, or it is beyond the journal's end plus one
   */
  RunHandle<Object> fork(String runId, int fromSeq);

  /** How many runs there are in each status; statuses with no run are left out. */
  Map<RunStatus, Long> countByStatus();

  /** Closes a {@code failed_compensation} run by hand: it ends {@code failed}, the note kept. */
  void resolve(String runId, String note);

  /**
   * Cancels a run: a pending run ends {@code cancelled} at once; a running run stops at its next
   * step and unwinds (its compensations run), then ends {@code cancelled}.
   *
   * @throws RunStateException when the run already ended or is compensating
   */
  void cancel(String runId, String reason);

  /**
   * Sends a signal to a run that has not ended; it is kept until the run awaits it.
   *
   * @throws RunNotFoundException when there is no such run
   * @throws RunStateException when the run has ended
   */
  void signal(String runId, String name, Object payload);

  /** Approves the run's approval gate {@code name}: a signal carrying an {@link Approval}. */
  void approve(String runId, String name, String actor, String reason);

  /** Rejects the run's approval gate {@code name}. */
  void reject(String runId, String name, String actor, String reason);

  /**
   * Repairs parents still waiting for a child that has ended (its wake-up was lost): they are made
   * due and replay. Runs at every start; harmless to run at any time.
   */
  ReconcileReport reconcile();

  /**
   * Creates a cron schedule that starts a run of {@code workflow} with {@code input} at each fire
   * time; see {@link Schedule}.
   *
   * @throws InvalidConfigurationException naming {@code name} (blank or taken), {@code cron} (not a
   *     valid Unix cron expression), {@code zone} (unknown) or {@code workflow}; nothing is written
   *     then
   */
  Schedule schedule(
      String name, String cron, String zone, String workflow, Object input, MisfirePolicy misfire);

  /** All schedules, by name. */
  List<Schedule> schedules();

  /** Stops a schedule from firing until it is resumed. */
  void pauseSchedule(String name);

  /** Lets a paused schedule fire again, from the next fire time after now. */
  void resumeSchedule(String name);

  void deleteSchedule(String name);

  /**
   * This client, recording its operator actions as done by {@code actor} (an {@link Ids} key of at
   * most {@value Ids#MAX_ACTOR} characters). Shares the store; closing it closes nothing.
   *
   * <pre>{@code
   * client.as("ops-2").cancel(runId, "duplicate of " + otherId);
   * }</pre>
   */
  RepriseClient as(String actor);

  /**
   * This client, recording its operator actions as done by {@code actor} for {@code reason}; an
   * action that takes a reason of its own (cancel, resolve, approve) records that one.
   */
  RepriseClient as(String actor, String reason);

  /**
   * What operators did to a run, oldest first; empty when nothing was done (or no such run).
   * Entries are kept as long as the run is.
   */
  List<AuditEntry> audit(String runId);

  /** What operators did to the schedule of this name, oldest first, also after it was deleted. */
  List<AuditEntry> scheduleAudit(String name);

  /**
   * Writes a consistent copy of the store to {@code target}, a file that must not exist yet, while
   * runs go on (an online backup; the copy is readable by its owner only). An SQLite store only:
   * back up a PostgreSQL store with the server's own tools ({@code pg_dump -n SCHEMA}).
   *
   * @throws StoreException when the target exists or cannot be written, or the store is not SQLite
   */
  void backup(java.nio.file.Path target);

  /**
   * Runs SQLite's full integrity check on the store, read-only (it works beside a running engine
   * and on a read-only client): an empty list when the database is intact, else what is damaged. An
   * SQLite store only.
   *
   * @throws StoreException for a PostgreSQL store (the server checks its own pages)
   */
  List<String> checkIntegrity();

  @Override
  void close();
}
