package dev.reprise;

import java.time.Duration;
import java.util.Map;

/**
 * Options of a submitted run.
 *
 * @param runId the run's id, or null to generate one; submitting an id that exists returns that
 *     run. A name as {@link Ids} defines it: 1 to 200 characters of {@code A-Z a-z 0-9 . _ : @ + =
 *     -}
 * @param idempotencyKey a key unique per namespace, or null; submitting a key that exists returns
 *     the run that has it. A key as {@link Ids} defines it: 1 to 500 printable characters without
 *     {@code /}
 * @param timeout the run's deadline, counted from submit, or null for none; see {@link
 *     #withTimeout}
 * @param queue the queue the run waits in and counts against; {@code default} when null
 * @param priority higher runs are claimed first; runs of one priority in submission order
 * @param tags the run's tags from its start, by name (see {@link Tags} for the rules); a submit
 *     that returns an existing run (the same id or idempotency key) leaves that run's tags as they
 *     are
 * @param concurrencyKey the key whose limit the run counts against while it is not ended, or null
 *     for none; see {@link ConcurrencyKey}
 */
public record RunOptions(
    String runId,
    String idempotencyKey,
    Duration timeout,
    String queue,
    int priority,
    Map<String, String> tags,
    ConcurrencyKey concurrencyKey) {

  public static final RunOptions DEFAULT =
      new RunOptions(null, null, null, null, 0, Map.of(), null);

  public RunOptions {
    if (timeout != null
        && (timeout.isNegative() || timeout.isZero() || timeout.toDays() > 36_500)) {
      throw new InvalidConfigurationException(
          "timeout", "must be positive and at most 36500 days, was " + timeout);
    }
    if (runId != null) {
      Ids.requireName("runId", runId);
    }
    if (idempotencyKey != null) {
      Ids.requireKey("idempotencyKey", idempotencyKey);
    }
    if (queue != null) {
      Queue.requireName("queue", queue);
    }
    if (priority < -1_000_000 || priority > 1_000_000) {
      throw new InvalidConfigurationException(
          "priority", "must be between -1000000 and 1000000, was " + priority);
    }
    tags = Tags.requireTags("tags", tags);
  }

  public RunOptions(
      String runId, String idempotencyKey, Duration timeout, String queue, int priority) {
    this(runId, idempotencyKey, timeout, queue, priority, Map.of(), null);
  }

  public RunOptions(
      String runId,
      String idempotencyKey,
      Duration timeout,
      String queue,
      int priority,
      Map<String, String> tags) {
    this(runId, idempotencyKey, timeout, queue, priority, tags, null);
  }

  public RunOptions(String runId, String idempotencyKey, Duration timeout) {
    this(runId, idempotencyKey, timeout, null, 0, Map.of(), null);
  }

  public static RunOptions defaults() {
    return DEFAULT;
  }

  public static RunOptions idempotencyKey(String key) {
    return DEFAULT.withIdempotencyKey(key);
  }

  public static RunOptions runId(String runId) {
    return DEFAULT.withRunId(runId);
  }

  public RunOptions withRunId(String runId) {
    return new RunOptions(runId, idempotencyKey, timeout, queue, priority, tags, concurrencyKey);
  }

  public RunOptions withIdempotencyKey(String key) {
    return new RunOptions(runId, key, timeout, queue, priority, tags, concurrencyKey);
  }

  /**
   * A deadline: once {@code timeout} has passed since submit, the run is cancelled at its next step
   * boundary (a waiting run is woken for it) and unwinds, with a reason saying so.
   */
  public RunOptions withTimeout(Duration timeout) {
    return new RunOptions(runId, idempotencyKey, timeout, queue, priority, tags, concurrencyKey);
  }

  /** The queue the run waits in; see {@link Queue} for its limits. */
  public RunOptions withQueue(String queue) {
    return new RunOptions(runId, idempotencyKey, timeout, queue, priority, tags, concurrencyKey);
  }

  /** Higher priorities are claimed first. 0 by default. */
  public RunOptions withPriority(int priority) {
    return new RunOptions(runId, idempotencyKey, timeout, queue, priority, tags, concurrencyKey);
  }

  /**
   * The run starts tagged {@code name = value} (another value of the name replaces it), as {@link
   * RunContext#tag} would tag it; see {@link Tags} for the rules.
   */
  public RunOptions withTag(String name, String value) {
    Map<String, String> more = new java.util.TreeMap<>(tags);
    more.put(Tags.requireName("tags", name), value);
    return new RunOptions(runId, idempotencyKey, timeout, queue, priority, more, concurrencyKey);
  }

  /** The run starts with these tags (and no others given here before). */
  public RunOptions withTags(Map<String, String> tags) {
    return new RunOptions(runId, idempotencyKey, timeout, queue, priority, tags, concurrencyKey);
  }

  /**
   * The run counts against the limit of {@code name} for {@code value} while it is not ended:
   * {@code withConcurrencyKey("customer", id)} runs one run at a time per customer, across every
   * node, unless {@link RepriseClient#concurrencyLimit} sets another limit. See {@link
   * ConcurrencyKey}.
   */
  public RunOptions withConcurrencyKey(String name, String value) {
    return new RunOptions(
        runId, idempotencyKey, timeout, queue, priority, tags, new ConcurrencyKey(name, value));
  }

  /** The queue's name, {@code default} when none was chosen. */
  public String queueName() {
    return queue == null ? Queue.DEFAULT : queue;
  }
}
