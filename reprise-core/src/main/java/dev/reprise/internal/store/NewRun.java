package dev.reprise.internal.store;

/**
 * A run to insert: {@code pending}, or, when {@code owner} is set, already {@code running} under
 * epoch 1 for that owner with a lease of {@code leaseMillis} (a submit in a process with a free
 * slot starts the run at once). A child run names its parent and the parent's journal entry that
 * started it; a {@code detached} child is not reached by its parent's cancellation or failure.
 * {@code deadlineAt} (epoch millis) is the run's deadline, or null. {@code queue} and {@code
 * priority} order and limit its claims. {@code tags} are set with the insert, in its transaction. A
 * run with a {@code concurrencyKey} is always inserted {@code pending}: only a claim that counts
 * its key's runs may start it.
 */
public record NewRun(
    String id,
    String workflow,
    String inputJson,
    String idempotencyKey,
    long createdAtMillis,
    String owner,
    long leaseMillis,
    String parentId,
    Integer parentSeq,
    boolean detached,
    Long deadlineAt,
    String queue,
    int priority,
    java.util.Map<String, String> tags,
    dev.reprise.ConcurrencyKey concurrencyKey) {

  public NewRun {
    tags = tags == null ? java.util.Map.of() : java.util.Map.copyOf(tags);
  }

  public static final String DEFAULT_QUEUE = "default";

  public static NewRun pending(
      String id, String workflow, String inputJson, String idempotencyKey, long createdAtMillis) {
    return new NewRun(
        id,
        workflow,
        inputJson,
        idempotencyKey,
        createdAtMillis,
        null,
        0,
        null,
        null,
        false,
        null,
        DEFAULT_QUEUE,
        0,
        java.util.Map.of(),
        null);
  }

  /** A child of {@code parentId} started by its journal entry {@code parentSeq}. */
  public static NewRun child(
      String id,
      String workflow,
      String inputJson,
      long createdAtMillis,
      String parentId,
      int parentSeq,
      boolean detached) {
    return new NewRun(
        id,
        workflow,
        inputJson,
        null,
        createdAtMillis,
        null,
        0,
        parentId,
        parentSeq,
        detached,
        null,
        DEFAULT_QUEUE,
        0,
        java.util.Map.of(),
        null);
  }

  /** The same run with a deadline (epoch millis), or none for null. */
  public NewRun withDeadline(Long deadlineAt) {
    return new NewRun(
        id,
        workflow,
        inputJson,
        idempotencyKey,
        createdAtMillis,
        owner,
        leaseMillis,
        parentId,
        parentSeq,
        detached,
        deadlineAt,
        queue,
        priority,
        tags,
        concurrencyKey);
  }

  /** The same run in {@code queue} at {@code priority}. */
  public NewRun inQueue(String queue, int priority) {
    return new NewRun(
        id,
        workflow,
        inputJson,
        idempotencyKey,
        createdAtMillis,
        owner,
        leaseMillis,
        parentId,
        parentSeq,
        detached,
        deadlineAt,
        queue,
        priority,
        tags,
        concurrencyKey);
  }

  /** The same run, counted against {@code key} (null for none). */
  public NewRun withConcurrencyKey(dev.reprise.ConcurrencyKey key) {
    return new NewRun(
        id,
        workflow,
        inputJson,
        idempotencyKey,
        createdAtMillis,
        owner,
        leaseMillis,
        parentId,
        parentSeq,
        detached,
        deadlineAt,
        queue,
        priority,
        tags,
        key);
  }

  /** The same run, inserted already claimed by {@code owner}. */
  public NewRun ownedBy(String owner, long leaseMillis) {
    return new NewRun(
        id,
        workflow,
        inputJson,
        idempotencyKey,
        createdAtMillis,
        owner,
        leaseMillis,
        parentId,
        parentSeq,
        detached,
        deadlineAt,
        queue,
        priority,
        tags,
        concurrencyKey);
  }

  /** The same run, tagged with {@code tags} from its insert. */
  public NewRun withTags(java.util.Map<String, String> tags) {
    return new NewRun(
        id,
        workflow,
        inputJson,
        idempotencyKey,
        createdAtMillis,
        owner,
        leaseMillis,
        parentId,
        parentSeq,
        detached,
        deadlineAt,
        queue,
        priority,
        tags,
        concurrencyKey);
  }
}
