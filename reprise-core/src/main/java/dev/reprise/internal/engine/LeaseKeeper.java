package dev.reprise.internal.engine;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.RecoveryReport;
import dev.reprise.SweepReport;
import dev.reprise.Workflow;
import dev.reprise.internal.store.Leases;
import dev.reprise.internal.store.Recovery;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.RunHead;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in sharing a database with others: its row, a heartbeat that renews the leases of
 * the runs it executes every third of the lease's time to live, sweeps that take back runs whose
 * lease expired (after boot and then at every tick), and the release of its runs at shutdown. Runs
 * on its own platform thread, so a busy dispatcher never lets a lease lapse. Leases are timed on
 * the database's clock; this thread only decides when to ask.
 */
final class LeaseKeeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);
  private static final int SWEEP_BATCH = 500;

  private final EngineConfig config;
  private final Leases leases;
  private final Recoverer recoverer;
  private final Supplier<Collection<String>> executing;
  private final Runnable wake;
  private final long tickNanos;
  private final long heartbeatNanos;
  private final Object lock = new Object();
  private boolean stopped; // under lock
  private Thread thread;

  LeaseKeeper(
      EngineConfig config,
      Recoverer recoverer,
      Supplier<Collection<String>> executing,
      Runnable wake) {
    this.config = config;
    this.leases = config.store().leases();
    this.recoverer = recoverer;
    this.executing = executing;
    this.wake = wake;
    this.heartbeatNanos = config.leaseTtl().toNanos() / 3;
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
    leases.register(config.owner(), config.namespace(), config.env(), host, pid);
    Map<String, String> policies = new LinkedHashMap<>();
    for (Workflow<?, ?> w : config.registry().all()) {
      policies.put(w.name(), w.recoveryPolicy().label());
    }
    leases.define(policies, config.owner(), config.clock().now().toEpochMilli());
  }

  void start() {
    thread = Thread.ofPlatform().name("reprise-leases").daemon(true).start(this::loop);
  }

  private void loop() {
    long lastBeat = System.nanoTime();
    while (!isStopped()) {
      try {
        if (System.nanoTime() - lastBeat >= heartbeatNanos) {
          lastBeat = System.nanoTime();
          leases.heartbeat(config.owner(), executing.get(), config.leaseTtl().toMillis());
        }
        sweep();
      } catch (RuntimeException e) {
        log.atWarn()
            .setMessage("lease_keeper_failed")
            .addKeyValue("event", "lease_keeper_failed")
            .addKeyValue("error", e.getMessage())
            .log();
      }
      pause(tickNanos);
    }
  }

  /** Takes back the runs whose lease expired; logs and returns what it did. */
  SweepReport sweep() {
    SweepReport total = SweepReport.NONE;
    while (true) {
      List<RunHead> expired = leases.expired(config.globalRecovery(), SWEEP_BATCH);
      if (expired.isEmpty()) {
        break;
      }
      Map<RunHead, RunFailure> decisions = new LinkedHashMap<>();
      for (RunHead run : expired) {
        decisions.put(run, recoverer.decide(run));
      }
      SweepReport report = leases.sweep(decisions, config.clock().now().toEpochMilli());
      total = total.plus(report);
      if (expired.size() < SWEEP_BATCH || report.restarted() + report.failed() == 0) {
        break;
      }
    }
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
   * Stops the heartbeat, then gives back the runs this node still holds (epoch bumped, back to
   * {@code pending}), so that another node takes them at once, and marks the node stopped.
   */
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
      RecoveryReport released =
          config
              .store()
              .queue()
              .recover(
                  new Recovery(
                      Map.of(), config.clock().now().toEpochMilli(), config.owner(), false));
      leases.stopped(config.owner());
      log.atInfo()
          .setMessage("leases_released")
          .addKeyValue("event", "leases_released")
          .addKeyValue("runs", released.runsRestarted() + released.runsFailed())
          .log();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.atWarn()
          .setMessage("lease_release_failed")
          .addKeyValue("event", "lease_release_failed")
          .addKeyValue("error", e.getMessage())
          .log();
    }
  }
}
