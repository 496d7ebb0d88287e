package dev.reprise;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a running workflow uses to journal its work. One context belongs to one run and is used from
 * the run's thread only.
 */
public interface RunContext {

  String runId();

  /** The workflow's name. */
  String workflow();

  /**
   * Runs {@code body} as a durable step with the default options, or returns its journaled output
   * on replay. The output is read back as the class of the value first returned; use {@link
   * #step(String, TypeRef, StepBody)} for generic types.
   *
   * @throws StepFailedException when the step failed for good, now or in a replayed run
   * @throws NondeterminismException when the journal holds another step at this position
   */
  <T> T step(String name, StepBody<T> body);

  <T> T step(String name, StepOptions options, StepBody<T> body);

  /**
   * A step with a compensation, for sagas. If the workflow later fails (an exception escapes it, or
   * the run is cancelled), the compensations of its completed steps run in reverse order, each
   * journaled and retried; the run then ends {@code failed} (or {@code cancelled}) with {@code
   * compensated} set, or {@code failed_compensation} if a compensation fails for good.
   *
   * <pre>{@code
   * Hold hold = ctx.step("reserve", () -> inventory.reserve(order), h -> inventory.release(h));
   * }</pre>
   */
  <T> T step(String name, StepBody<T> body, Compensation<T> compensation);

  <T> T step(String name, StepOptions options, StepBody<T> body, Compensation<T> compensation);

  /** A step whose output is read back on replay as {@code type}. */
  <T> T step(String name, TypeRef<T> type, StepBody<T> body);

  <T> T step(String name, StepOptions options, TypeRef<T> type, StepBody<T> body);

  /**
   * Inside a step body or a compensation: {@code runId:seq} of its journal entry, the same across
   * retries, restarts and nodes, for the outside world to deduplicate the effect.
   *
   * @throws IllegalStateException outside a step body or compensation
   */
  String idempotencyKey();

  /**
   * Sleeps durably: the run becomes {@code waiting} and holds no thread until the time comes,
   * across restarts; a sleep of at most 100 ms stays on the run's thread. The wake time is
   * journaled, so a replay wakes at the time first computed, or at once if it has passed.
   *
   * @throws InvalidConfigurationException for a negative duration or one beyond 100 years
   */
  void sleep(Duration duration);

  /** Sleeps durably until {@code wakeAt}; see {@link #sleep(Duration)}. */
  void sleepUntil(Instant wakeAt);

  /**
   * Waits durably for a signal called {@code name} sent to this run with {@link
   * RepriseClient#signal}: the run parks as {@code waiting} (no thread held) until the signal comes
   * or the timeout passes, across restarts. A signal sent before the run waits is kept; each signal
   * is consumed once, in the same transaction that journals it.
   *
   * @return the signal's payload read as {@code type}, or empty when the timeout passed first
   */
  <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout);

  <T> Optional<T> awaitSignal(String name, TypeRef<T> type, Duration timeout);

  /**
   * Waits durably for a person's decision on {@code name}, sent with {@link RepriseClient#approve}
   * or {@link RepriseClient#reject}; a signal underneath.
   */
  Approval awaitApproval(String name, Duration timeout);

  /**
   * Starts a child run of {@code workflow} and returns at once; several children run side by side,
   * each joined with {@link #awaitChild}. Journaled: a replay returns the same child.
   *
   * @throws UnknownWorkflowException when {@code workflow} is not registered in this process
   * @throws InvalidInputException when the input does not fit the child's input type
   */
  default <I, O> ChildRun<O> startChild(Workflow<I, O> workflow, I input) {
    return startChild(workflow, input, ChildOptions.DEFAULT);
  }

  /**
   * Starts a child run with options: {@link ChildOptions#DETACHED} starts one that its parent's
   * cancellation or failure does not reach (by default both reach every descendant, each of which
   * unwinds its own steps).
   */
  <I, O> ChildRun<O> startChild(Workflow<I, O> workflow, I input, ChildOptions options);

  /**
   * Waits durably for a child run to end: the run parks as {@code waiting} (no thread held) and the
   * child's end wakes it, in the same transaction that records that end.
   *
   * @return the child's output
   * @throws StepFailedException when the child did not complete (its status and failure given)
   */
  <O> O awaitChild(ChildRun<O> child);

  /** Starts a child run and waits for its output: {@code awaitChild(startChild(...))}. */
  default <I, O> O child(Workflow<I, O> workflow, I input) {
    return awaitChild(startChild(workflow, input));
  }

  /**
   * Whether the run was asked to cancel, or its deadline passed. The run stops at its next step
   * boundary anyway; a long step body may poll this to stop sooner (throwing whatever it likes).
   */
  boolean isCancelled();

  /** The current time, journaled: a replay returns the time first seen. */
  Instant now();

  /** A random UUID, journaled: a replay returns the UUID first drawn. */
  UUID randomUUID();

  /**
   * Whether this run takes the new code path of the change {@code changeId}, for changing a
   * workflow while runs of the old code are in flight:
   *
   * <pre>{@code
   * if (ctx.patched("fraud-check")) {
   *   ctx.step("fraud-check", () -> fraud.check(order));
   * }
   * }</pre>
   *
   * True when the run reaches this call for the first time (a new run, or an old run going on past
   * the end of its journal), which the journal records (an entry of kind {@link StepKind#PATCH});
   * true again when a replay meets that entry. False when the journal holds another call at this
   * position: the run passed here under the code before the change, so it replays the old path,
   * takes no journal position, and takes the old path from then on (every later call with this id
   * answers false too). Once no run started before the deploy is left, remove the old path and keep
   * the call, or remove both once no run holds the entry either.
   *
   * @param changeId the change's name: 1 to 200 characters of {@code A-Z a-z 0-9 . _ : @ + = -}
   */
  boolean patched(String changeId);

  /**
   * Tags the run with a business attribute, so that it can be found by it ({@link
   * RunFilter#withTag}, {@code reprise runs --tag customer=c-1}):
   *
   * <pre>{@code
   * ctx.tag("customer", order.customerId());
   * }</pre>
   *
   * Journaled (an entry of kind {@link StepKind#TAG}) in the transaction that sets the tag, so a
   * replay neither writes it again nor moves it back. Tagging a name again replaces its value. A
   * run has at most {@value Tags#MAX_PER_RUN} tags, those given at submit included.
   *
   * @param name 1 to {@value Tags#MAX_NAME} characters of {@code A-Z a-z 0-9 . _ -}
   * @param value 1 to {@value Tags#MAX_VALUE} printable characters
   * @throws InvalidConfigurationException naming {@code name} or {@code value} when it breaks its
   *     rule; nothing is written
   * @throws TagLimitException when the run has {@value Tags#MAX_PER_RUN} other tags already;
   *     nothing is written
   */
  void tag(String name, String value);

  /**
   * Publishes a value under {@code name} for anyone to read from outside, at any time, while the
   * run waits or runs and after it ended ({@link RepriseClient#published}), without a signal round
   * trip: a progress counter, the state of an agent, the step an order is at. The latest value of a
   * name is kept, durably, in the transaction that journals the call (an entry of kind {@link
   * StepKind#PUBLISH}); a replay of a recorded publish writes nothing, so a reader never sees a
   * value go back.
   *
   * @param name a name as {@link Ids} defines it: 1 to 200 characters of {@code A-Z a-z 0-9 . _ : @
   *     + = -}
   * @param value any value Jackson writes, at most {@value PublishedValue#MAX_JSON_CHARS}
   *     characters of JSON
   * @throws InvalidConfigurationException naming {@code name} or {@code value}; nothing is written
   */
  void publish(String name, Object value);
}
