package dev.reprise.internal.engine;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.SweepReport;
import dev.reprise.Workflow;
import dev.reprise.internal.store.Leases;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.RunHead;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in sharing a database with others: its row, a heartbeat that renews the leases of
 * the runs it executes every third of the lease's time to live, sweeps that take back runs whose
 * lease expired (after boot and then at every tick), and the release of its runs at shutdown. Runs
 * on its own platform thread, so a busy dispatcher never lets a lease lapse. Leases are timed on
 * the database's clock; this thread only decides when to ask.
 *
 * <p>On a store with session locks, a second platform thread keeps this node's lock ({@link
 * NodeSession}) and takes over the runs of nodes whose lock it has seen free for their grace (their
 * process ended), at every session tick (a quarter of the grace): apart from the heartbeat, so that
 * taking a lock again (which waits for a connection) never holds a heartbeat up. Only that thread
 * reads or writes {@link #seenEnded}.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
  private static final int SWEEP_BATCH = 500;

  private final EngineConfig config;
  private final Leases leases;
  private final Recoverer recoverer;
  private final Supplier<Collection<Execution>> executing;
  private final long ttlNanos;
  private final Runnable wake;
  private final long tickNanos;
  private final long heartbeatNanos;
  private NodeSession session; // null where the store has no session locks
  private final Map<Leases.EndedNode, Long> seenEnded = new HashMap<>(); // when first seen free
  private long failureLogged; // under lock
  private final Object lock = new Object();
  private boolean stopped; // under lock
  private Thread thread;
  private Thread sessionThread;

  LeaseKeeper(
      EngineConfig config,
      Recoverer recoverer,
      Supplier<Collection<Execution>> executing,
      Runnable wake) {
    this.config = config;
    this.leases = config.store().leases();
    this.recoverer = recoverer;
    this.executing = executing;
    this.wake = wake;
    this.ttlNanos = config.leaseTtl().toNanos();
    this.heartbeatNanos = ttlNanos / 3;
    this.tickNanos = Math.min(heartbeatNanos, config.pollInterval().toNanos());
  }

  /**
   * Writes this node's row and the recovery policies of its workflows. Refuses a node id that a
   * live process still heartbeats under.
   */
  void register() {
    String host = Hosts.name();
    long pid = ProcessHandle.current().pid();
    Optional<Leases.Node> previous = leases.node(config.owner());
    if (previous.isPresent()) {
      Leases.Node p = previous.get();
      boolean predecessorDead =
          p.host().equals(host) && p.pid() != pid && ProcessHandle.of(p.pid()).isEmpty();
      if (!p.stopped()
          && p.heartbeatAgeMillis() < config.leaseTtl().toMillis()
          && !predecessorDead) {
        throw new InvalidConfigurationException(
            "nodeId",
            "node id '"
                + config.owner()
                + "' is in use by pid "
                + p.pid()
                + " on "
                + p.host()
                + " (heartbeat "
                + p.heartbeatAgeMillis()
                + " ms ago); give each node its own id");
      }
    }
    session = NodeSession.open(config, this::nudge).orElse(null);
    try {
      leases.register(
          config.owner(),
          config.namespace(),
          config.env(),
          host,
          pid,
          session == null ? null : session.key(),
          session == null ? 0 : session.graceMillis());
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
        session = null;
      }
      throw e;
    }
    Map<String, String> policies = new LinkedHashMap<>();
    for (Workflow<?, ?> w : config.registry().all()) {
      policies.put(w.name(), w.recoveryPolicy().label());
    }
    leases.define(policies, config.owner(), config.clock().now().toEpochMilli());
  }

  void start() {
    thread = Thread.ofPlatform().name("reprise-leases").daemon(true).start(this::loop);
    if (session != null) {
      sessionThread =
          Thread.ofPlatform().name("reprise-node-session").daemon(true).start(this::sessionLoop);
    }
  }

  private void loop() {
    long lastBeat = System.nanoTime();
    while (!isStopped()) {
      try {
        if (System.nanoTime() - lastBeat >= heartbeatNanos) {
          lastBeat = System.nanoTime();
          heartbeat(lastBeat);
        }
        sweep();
      } catch (RuntimeException e) {
        failed(e);
      }
      pause(tickNanos);
    }
  }

  /** The session thread: keeps this node's lock, and takes over the runs of ended nodes. */
  private void sessionLoop() {
    while (!isStopped()) {
      try {
        session.keep();
        sweepEndedNodes();
      } catch (RuntimeException e) {
        failed(e);
      }
      pause(session.tickNanos());
    }
  }

  private void failed(RuntimeException e) {
    synchronized (lock) {
      if (failureLogged != 0 && System.nanoTime() - failureLogged < tickNanos) {
        return; // the session thread, failing at every short tick while the store is away
      }
      failureLogged = System.nanoTime();
    }
    log.atWarn()
        .setMessage("lease_keeper_failed")
        .addKeyValue("event", "lease_keeper_failed")
        .addKeyValue("error", e.getMessage())
        .log();
  }

  /**
   * Takes back the runs of nodes whose session lock this thread has seen free for their grace:
   * their process ended. A key is never taken again once free, so the time it was first seen free
   * (taken after the read that saw it) is never earlier than the time it was freed.
   */
  private void sweepEndedNodes() {
    List<Leases.EndedNode> ended = leases.endedNodes(config.globalRecovery());
    long seen = System.nanoTime();
    seenEnded.keySet().retainAll(ended);
    for (Leases.EndedNode node : ended) {
      long since = seenEnded.computeIfAbsent(node, n -> seen);
      if (seen - since >= TimeUnit.MILLISECONDS.toNanos(node.graceMillis())) {
        takeFrom(node);
      }
    }
  }

  private void takeFrom(Leases.EndedNode node) {
    SweepReport total =
        inBatches(
            () -> leases.heldBy(node, config.globalRecovery(), SWEEP_BATCH),
            decisions ->
                leases.sweepEnded(
                    node, decisions, config.clock().now().toEpochMilli(), config.crashLoopLimit()));
    if (total.restarted() + total.failed() + total.skipped() > 0) {
      log.atInfo()
          .setMessage("node_ended_sweep")
          .addKeyValue("event", "node_ended_sweep")
          .addKeyValue("node", node.id())
          .addKeyValue("reason", "its session lock is free: its process or session ended")
          .addKeyValue("restarted", total.restarted())
          .addKeyValue("failed", total.failed())
          .addKeyValue("skipped", total.skipped())
          .log();
    }
    if (total.restarted() > 0) {
      wake.run();
    }
  }

  /**
   * Renews the leases of the runs executing here; each renewed run's lease is known to hold from
   * {@code started} (taken before the statement, so never later than the database's renewal).
   */
  private void heartbeat(long started) {
    Collection<Execution> now = executing.get();
    Set<String> renewed =
        leases.heartbeat(
            config.owner(),
            now.stream().map(e -> e.run.id()).toList(),
            config.leaseTtl().toMillis());
    for (Execution e : now) {
      if (renewed.contains(e.run.id())) {
        e.leaseFromNanos = Math.max(e.leaseFromNanos, started);
      }
    }
  }

  /** Takes back the runs whose lease expired; logs and returns what it did. */
  SweepReport sweep() {
    SweepReport total =
        inBatches(
            () -> leases.expired(config.globalRecovery(), SWEEP_BATCH),
            decisions ->
                leases.sweep(
                    decisions, config.clock().now().toEpochMilli(), config.crashLoopLimit()));
    if (total.restarted() + total.failed() + total.skipped() > 0) {
      log.atInfo()
          .setMessage("recovery_sweep")
          .addKeyValue("event", "recovery_sweep")
          .addKeyValue("restarted", total.restarted())
          .addKeyValue("failed", total.failed())
          .addKeyValue("skipped", total.skipped())
          .log();
    }
    if (total.restarted() > 0) {
      wake.run();
    }
    return total;
  }

  /**
   * Takes runs batch by batch: reads up to {@link #SWEEP_BATCH} of them, decides each one's
   * recovery, applies the decisions, until a batch is short or took nothing (the rest are another
   * sweeper's now).
   */
  private SweepReport inBatches(
      Supplier<List<RunHead>> batch,
      java.util.function.Function<Map<RunHead, RunFailure>, SweepReport> apply) {
    SweepReport total = SweepReport.NONE;
    while (true) {
      List<RunHead> runs = batch.get();
      if (runs.isEmpty()) {
        return total;
      }
      Map<RunHead, RunFailure> decisions = new LinkedHashMap<>();
      for (RunHead run : runs) {
        decisions.put(run, recoverer.decide(run));
      }
      SweepReport report = apply.apply(decisions);
      total = total.plus(report);
      if (runs.size() < SWEEP_BATCH || report.restarted() + report.failed() == 0) {
        return total;
      }
    }
  }

  /** Wakes the threads before their tick: the session was lost, and should be taken again now. */
  private void nudge() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  private boolean isStopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  private void pause(long nanos) {
    synchronized (lock) {
      if (!stopped) {
        try {
          lock.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = true;
        }
      }
    }
  }

  /**
   * Before a body starts: the run's lease is known to hold from the claim or the last heartbeat
   * that renewed it, timed on this process's monotonic clock. When that time may be running out
   * (within a third of the ttl: a pause, a long GC, a stalled heartbeat), the lease is renewed for
   * this run in the database first, or the body does not start. Before that, the node's session
   * lock must be known to hold ({@link NodeSession#ensureHeld}).
   */
  void ensureHeld(Execution e) {
    if (session != null) {
      session.ensureHeld(e);
    }
    long margin = ttlNanos / 3;
    long started = System.nanoTime();
    if (started - e.leaseFromNanos < ttlNanos - margin) {
      return;
    }
    if (!leases.renew(e.run.id(), e.run.epoch(), config.owner(), config.leaseTtl().toMillis())) {
      throw RunAbandoned.leaseLost(e.run.epoch(), null);
    }
    e.leaseFromNanos = started;
  }

  /** Frees the node's session lock, when its start failed after {@link #register()}. */
  void closeSession() {
    if (session != null) {
      session.close();
    }
  }

  /** Stops the heartbeat and marks the node stopped; the engine gives back its runs itself. */
  @Override
  public void close() {
    synchronized (lock) {
      stopped = true;
      lock.notifyAll();
    }
    try {
      if (thread != null) {
        thread.join(10_000);
      }
      if (sessionThread != null) {
        sessionThread.join(10_000);
      }
      leases.stopped(config.owner());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.atWarn()
          .setMessage("node_stop_failed")
          .addKeyValue("event", "node_stop_failed")
          .addKeyValue("error", e.getMessage())
          .log();
    } finally {
      if (session != null) {
        session.close();
      }
    }
  }
}
