package dev.reprise.internal.store;

import dev.reprise.SweepReport;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What several nodes on one database need: their rows and heartbeats, the leases on the runs they
 * execute, sweeps of expired leases, and the recovery policy each workflow declares. Times named
 * "db" are on the database's clock, never a node's.
 */
public interface Leases {

  /** A node as its row says. {@code heartbeatAgeMillis} is measured on the database's clock. */
  record Node(
      String id,
      String namespace,
      String env,
      String host,
      long pid,
      long heartbeatAgeMillis,
      boolean stopped) {}

  /**
   * A lock the database holds for a node's session: while the node's process lives, its session
   * does, and so does the lock; when the process ends (a crash, {@code kill -9}) the server ends
   * the session and frees the lock at once. A paused process keeps it.
   */
  interface SessionLock extends AutoCloseable {
    /** The advisory lock's key, new for each lock taken, written to the node's row. */
    long key();

    /** One round trip on the lock's own session: true while that session, so the lock, lives. */
    boolean confirm();

    /** Ends the session, which frees the lock. */
    @Override
    void close();
  }

  /**
   * A node whose row names a session lock that no session holds: its process ended (or its session
   * did). Its runs may be taken once the lock was seen free for {@code graceMillis}, the time the
   * node lets pass between confirmations of its lock before it starts no more bodies.
   */
  record EndedNode(String id, long lockKey, long graceMillis) {}

  Optional<Node> node(String id);

  /**
   * Takes a new session lock, under a key never used before, on a connection of its own whose reads
   * give up after {@code timeoutMillis}; empty where nodes do not share the store.
   */
  Optional<SessionLock> sessionLock(long timeoutMillis);

  /**
   * Writes this node's row as started now (a new incarnation), naming its session lock ({@code
   * lockKey}, or null for none) and its grace (see {@link EndedNode}).
   */
  void register(
      String id,
      String namespace,
      String env,
      String host,
      long pid,
      Long lockKey,
      long graceMillis);

  /**
   * Names a new session lock in the node's row, after an earlier one was lost. Waits for sweeps
   * taking runs under the earlier key to end, so that none does after this returns.
   */
  void relock(String id, long lockKey);

  /**
   * Renews, in one transaction, the node's heartbeat and the leases of these runs it executes
   * (those it still holds); returns the ids of the runs whose leases were renewed.
   */
  Set<String> heartbeat(String nodeId, Collection<String> runIds, long leaseMillis);

  /**
   * Renews the lease of one run this node executes, if it still holds it under {@code epoch} (and
   * its lease has not been taken); false when it does not.
   */
  boolean renew(String runId, long epoch, String nodeId, long leaseMillis);

  /** Marks the node stopped. */
  void stopped(String nodeId);

  /**
   * Runs whose lease expired, longest expired first: of this store's scope, or of every scope when
   * {@code global}.
   */
  List<RunHead> expired(boolean global, int limit);

  /**
   * Takes back each run whose lease is still expired: failed when its failure is set, else put back
   * to be resumed, unless it reached {@code crashLoopLimit} crashes in a row (0: no limit; see
   * {@link Recovery}), which quarantines it. A run another node took first (or whose node renewed
   * it) is skipped.
   */
  SweepReport sweep(Map<RunHead, RunFailure> decisions, long nowMillis, int crashLoopLimit);

  /**
   * Nodes that hold runs (of this store's scope, or of every scope when {@code global}) and whose
   * row names a session lock no session holds; empty where nodes do not share the store.
   */
  List<EndedNode> endedNodes(boolean global);

  /** Runs that {@code node} holds while its row still names {@code lockKey}. */
  List<RunHead> heldBy(EndedNode node, boolean global, int limit);

  /**
   * Takes back, as {@link #sweep} does, each run still held by the ended node while its row still
   * names the same lock; others are skipped.
   */
  SweepReport sweepEnded(
      EndedNode node, Map<RunHead, RunFailure> decisions, long nowMillis, int crashLoopLimit);

  /** Records the recovery policy of the workflows this node registers, for nodes that do not. */
  void define(Map<String, String> policies, String nodeId, long nowMillis);

  /** The recovery policy some node declared for a workflow of a scope, or empty. */
  Optional<String> definedPolicy(String scope, String workflow);
}
