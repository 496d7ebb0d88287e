package dev.reprise.internal.engine;

import dev.reprise.Queue;
import dev.reprise.RecoveryReport;
import dev.reprise.SweepReport;
import dev.reprise.Workflow;
import dev.reprise.internal.store.Claim;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher: claims pending runs, and waiting runs that are due, while it has free slots, and
 * runs each on its own virtual thread. It sleeps until woken (a client event in this process, a run
 * ending or parking), until the earliest waiting run is due, or at most the poll interval (runs
 * submitted by other processes).
 *
 * <p>Threads and state: the dispatcher thread alone claims runs, reads the {@link Timers} and
 * watches cancel requests ({@link CancelWatch}); a run's virtual thread owns its run ({@link
 * Execution}) until it gives back its slot ({@link Executions}); clients only emit events ({@link
 * #emit}), which set flags and wake the dispatcher.
 *
 * <p>One engine at a time executes a database that cannot fence several ({@link
 * Store#lockExecution}); an engine keeps that lock past {@link #close()} until the last of its step
 * bodies has returned.
 */
public final class Engine implements EngineContext, Admission, ClientEvents, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final int MAX_CLAIM = 256;

  private final EngineConfig config;
  private final Executions executions;
  private final RunEnds ends;
  private final RunExecutor executor;
  private final Recoverer recoverer;
  private final LeaseKeeper leaseKeeper; // null on a store one process executes
  private final List<Queue> limitedQueues;
  private final List<String> limitedNames;
  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean stopping;
  private final Cancellations cancellations = new Cancellations();
  private final CancelWatch cancelWatch;
  private final RetentionSweeper retention;
  private final Timers timers;
  private final Map<String, Long> stoppedRuns = new ConcurrentHashMap<>(); // id: epoch held
  private final StrandedRuns strandedRuns;
  private volatile Thread dispatcher;
  private AutoCloseable executionLock; // under this
  private boolean closed; // under this

  public Engine(EngineConfig config, RunEnds ends) {
    this.config = config;
    this.executions = new Executions(config.concurrency(), config.runMemory());
    this.ends = ends;
    this.executor = new RunExecutor(this, config.registry());
    this.recoverer =
        new Recoverer(
            config.registry(),
            config.store().leases(),
            config.recoveryResolver(),
            config.maxRecoveries());
    this.leaseKeeper =
        config.store().isShared()
            ? new LeaseKeeper(config, recoverer, executions::held, this::wake)
            : null;
    this.limitedQueues = config.queues().values().stream().filter(Queue::isLimited).toList();
    this.limitedNames = limitedQueues.stream().map(Queue::name).toList();
    this.timers = new Timers(config.store(), config.clock(), config.pollInterval().toMillis());
    this.cancelWatch = new CancelWatch(config, cancellations, executions, ends::ended, this::wake);
    this.retention = new RetentionSweeper(config.store(), config.clock(), () -> stopping);
    this.strandedRuns = new StrandedRuns(config.store(), config.clock());
    config.clock().whenSet(this::wake);
  }

  /**
   * Takes the right to execute the store's runs, recovers what a previous process left, then starts
   * dispatching. On a shared store: registers the node, recovers only its previous incarnation's
   * runs, sweeps expired leases once, and starts the heartbeat.
   */
  public synchronized RecoveryReport start() {
    if (dispatcher != null || closed) {
      throw new IllegalStateException(closed ? "closed" : "already started");
    }
    executionLock = config.store().lockExecution();
    RecoveryReport report;
    try {
      if (leaseKeeper != null) {
        leaseKeeper.register();
        report = BootRecovery.run(config, recoverer, config.owner());
        leaseKeeper.sweep();
        leaseKeeper.start();
      } else {
        report = BootRecovery.run(config, recoverer, null);
      }
    } catch (RuntimeException e) {
      if (leaseKeeper != null) {
        leaseKeeper.closeSession();
      }
      releaseLock();
      throw e;
    }
    dispatcher = Thread.ofPlatform().name("reprise-dispatcher").daemon(true).start(this::dispatch);
    return report;
  }

  /** Takes back runs whose lease expired now, as the periodic sweep does. */
  public SweepReport sweep() {
    if (leaseKeeper == null) {
      return SweepReport.NONE;
    }
    return leaseKeeper.sweep();
  }

  /** A client of this engine's store whose submits start runs here at once when a slot is free. */
  public Client client() {
    return new Client(
        config.store(),
        config.registry(),
        config.clock(),
        ends,
        this,
        this,
        false,
        Auditor.ofProcess(config.store().audit(), config.clock()));
  }

  @Override
  public Optional<Reservation> reserve(String queue, String inputJson) {
    long weight = RunMemory.weight(inputJson);
    if (stopping
        || dispatcher == null
        || limitedNames.contains(queue)
        || !executions.tryReserve(weight)) {
      return Optional.empty();
    }
    return Optional.of(
        new Reservation(
            config.owner(),
            config.leaseTtl().toMillis(),
            (run, claimStarted) -> executions.start(run, claimStarted, weight, this::execute),
            () -> executions.release(weight)));
  }

  @Override
  public void emit(ClientEvent event) {
    switch (event) {
      case ClientEvent.CancelRequested c -> {
        cancellations.request(c.runId(), c.reason());
        wake();
      }
      case ClientEvent.SchedulesChanged s -> {
        timers.changed();
        wake();
      }
      case ClientEvent.RunSubmitted r -> wake();
      case ClientEvent.RunSignalled r -> wake();
      case ClientEvent.CompensationRetried r -> wake();
      case ClientEvent.RunsWoken r -> wake();
    }
  }

  @Override
  public Workflow<?, ?> workflow(String name) {
    return config.registry().find(name);
  }

  @Override
  public Cancellations cancellations() {
    return cancellations;
  }

  @Override
  public void holds(Execution execution, long weight) {
    executions.grow(execution, weight);
  }

  @Override
  public void ensureLease(Execution execution) {
    if (leaseKeeper != null) {
      leaseKeeper.ensureHeld(execution);
    }
  }

  /** Tells the dispatcher there may be work. */
  @Override
  public void wake() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  @Override
  public Store store() {
    return config.store();
  }

  @Override
  public EngineClock clock() {
    return config.clock();
  }

  @Override
  public boolean isStopping() {
    return stopping;
  }

  private void dispatch() {
    List<String> workflows = List.copyOf(config.registry().names());
    while (!stopping) {
      int asked = 0;
      int got = 0;
      long claimedAt = Long.MIN_VALUE;
      try {
        strandedRuns.releaseIfDue();
        cancelWatch.check();
        if (timers.fireDue() > 0) {
          wake();
        }
        retention.runIfDue();
        int free = executions.free();
        if (free > 0 && !workflows.isEmpty()) {
          asked = Math.min(free, MAX_CLAIM);
          claimedAt = clock().now().toEpochMilli();
          got = claim(workflows, asked, claimedAt);
        }
      } catch (RuntimeException e) {
        if (stopping) {
          break;
        }
        log.atWarn()
            .setMessage("dispatch_failed")
            .addKeyValue("event", "dispatch_failed")
            .setCause(e)
            .log();
      }
      if (got == 0 || got < asked) {
        awaitSignal(untilNextWake(asked > 0 && got == 0 ? claimedAt : Long.MIN_VALUE));
      }
    }
  }

  /**
   * Claims up to {@code max} runs and launches them: first for each limited queue as much as its
   * limits leave room for, then from every other queue. Returns how many.
   */
  private int claim(List<String> workflows, int max, long now) {
    long lease = config.leaseTtl().toMillis();
    long started = System.nanoTime();
    int got = 0;
    for (Queue q : limitedQueues) {
      int room = max - got;
      if (q.nodeLimit() > 0) {
        room = Math.min(room, q.nodeLimit() - executions.runningIn(q.name()));
      }
      if (room > 0) {
        Integer global = q.globalLimit() > 0 ? q.globalLimit() : null;
        Claim claim =
            new Claim(config.owner(), workflows, room, now, lease, q.name(), List.of(), global);
        got += launchAll(config.store().queue().claim(claim), started);
      }
    }
    if (got < max) {
      Claim claim =
          new Claim(config.owner(), workflows, max - got, now, lease, null, limitedNames, null);
      got += launchAll(config.store().queue().claim(claim), started);
    }
    return got;
  }

  private int launchAll(List<ClaimedRun> claimed, long claimStarted) {
    // the dispatcher asked for no more runs than it had free slots, and only it and reservations
    // (which take a slot before they insert) use them
    for (ClaimedRun run : claimed) {
      executions.acquire();
      executions.start(run, claimStarted, 0, this::execute);
    }
    return claimed.size();
  }

  /** How long the dispatcher may sleep; see {@link Timers#untilNextWake}. */
  private long untilNextWake(long emptyClaimAt) {
    long poll = config.pollInterval().toMillis();
    if (executions.free() == 0) {
      return poll;
    }
    return Math.min(timers.untilNextWake(emptyClaimAt), cancelWatch.untilNext(poll));
  }

  /**
   * Executes a run that holds a slot. The slot is given back before those waiting for the run's
   * result are told, so that a waiter's next submit finds it free.
   */
  private void execute(Execution e) {
    Outcome outcome = null;
    try {
      outcome = executor.execute(e);
    } catch (OutOfMemoryError oom) {
      // the run stays as the store has it, to be taken back by recovery; the process should
      // end (the daemon runs with -XX:+ExitOnOutOfMemoryError), as nothing here can be trusted
      log.atError()
          .setMessage("out_of_memory")
          .addKeyValue("event", "out_of_memory")
          .addKeyValue("run_id", e.run.id())
          .log();
      throw oom;
    } finally {
      finished(e, outcome);
    }
    announce(outcome);
  }

  /**
   * Settles the run on its own thread and keeps that thread from the workflow code for good: it
   * parks, holding nothing (no slot, no lease, not the execution lock), and is counted nowhere.
   */
  @Override
  public void takeOver(Execution e, RunContextImpl ctx) {
    Outcome outcome = null;
    try {
      outcome = executor.takeOver(e, ctx);
    } finally {
      finished(e, outcome);
    }
    announce(outcome);
    while (true) {
      LockSupport.park(this);
    }
  }

  private void finished(Execution e, Outcome outcome) {
    if (!e.fenced && outcome instanceof Outcome.Abandoned a) {
      if (stopping && a.stoppedByEngine()) {
        stoppedRuns.put(e.run.id(), e.run.epoch());
      } else if (a.storeFailed()) {
        strandedRuns.add(e.run.id(), e.run.epoch());
      }
    }
    executions.finished(e);
    if (outcome instanceof Outcome.Parked) {
      timers.changed();
    }
    wake();
    if (stopping) {
      releaseLockWhenDone();
    }
  }

  private void announce(Outcome outcome) {
    switch (outcome) {
      case Outcome.Ended ended -> ends.ended(ended.end());
      case Outcome.Parked p -> {}
      case Outcome.Abandoned a -> {}
    }
  }

  private void awaitSignal(long millis) {
    if (millis <= 0) {
      return;
    }
    synchronized (signal) {
      if (!signalled && !stopping) {
        try {
          signal.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
      }
      signalled = false;
    }
  }

  /**
   * Stops claiming; running runs finish the step they are in and stop before the next one (up to
   * the shutdown timeout, after which they are interrupted). The runs that stopped are given back
   * (not counted as a crash), so that the next start, or another node, takes them at once. A body
   * that outlives the timeout is left running and logged ({@code run_left_running}, with its run
   * and step); its run is not given back, its later writes fail, and the engine's execution lock is
   * held until it returns.
   */
  @Override
  public void close() {
    stopping = true;
    wake();
    Thread d;
    synchronized (this) {
      d = dispatcher;
      if (d == null) {
        closed = true;
        releaseLock();
        return;
      }
    }
    try {
      d.join();
      long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
      while (!executions.isEmpty() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      executions.all().forEach(e -> e.thread.interrupt());
      long grace = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (!executions.isEmpty() && System.nanoTime() < grace) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Execution left : executions.all()) {
      log.atWarn()
          .setMessage("run_left_running")
          .addKeyValue("event", "run_left_running")
          .addKeyValue("run_id", left.run.id())
          .addKeyValue("epoch", left.run.epoch())
          .addKeyValue("step", left.doing())
          .log();
    }
    releaseStopped();
    if (leaseKeeper != null) {
      leaseKeeper.close();
    }
    synchronized (this) {
      closed = true;
    }
    releaseLockWhenDone();
  }

  /** Gives back the runs that stopped at the engine's request, not counted as crashes. */
  private void releaseStopped() {
    Map<String, Long> ids = Map.copyOf(stoppedRuns);
    if (ids.isEmpty()) {
      return;
    }
    try {
      int released = config.store().queue().release(ids, clock().now().toEpochMilli(), false);
      log.atInfo()
          .setMessage("runs_released")
          .addKeyValue("event", "runs_released")
          .addKeyValue("runs", released)
          .log();
    } catch (RuntimeException e) {
      log.atWarn()
          .setMessage("runs_release_failed")
          .addKeyValue("event", "runs_release_failed")
          .addKeyValue("error", e.getMessage())
          .log();
    }
  }

  private synchronized void releaseLockWhenDone() {
    if (closed && executions.isEmpty()) {
      releaseLock();
    }
  }

  private synchronized void releaseLock() {
    if (executionLock != null) {
      try {
        executionLock.close();
      } catch (Exception e) {
        log.atWarn()
            .setMessage("execution_lock_release_failed")
            .addKeyValue("event", "execution_lock_release_failed")
            .addKeyValue("error", e.getMessage())
            .log();
      }
      executionLock = null;
    }
  }
}
