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

  Optional<Node> node(String id);

  /** Writes this node's row as started now (a new incarnation). */
  void register(String id, String namespace, String env, String host, long pid);

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

  /** Records the recovery policy of the workflows this node registers, for nodes that do not. */
  void define(Map<String, String> policies, String nodeId, long nowMillis);

  /** The recovery policy some node declared for a workflow of a scope, or empty. */
  Optional<String> definedPolicy(String scope, String workflow);
}
