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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher: claims pending runs, and waiting runs that are due, while it has free slots, and
 * runs each on its own virtual thread. It sleeps until woken (a client event in this process, a run
 * ending or parking), until the earliest waiting run is due, or at most the poll interval (runs
 * submitted by other processes).
 *
 * <p>Threads and state: the dispatcher thread alone claims runs and reads the {@link Timers}; a
 * run's virtual thread owns its run until it gives back its slot; {@code slots} counts the runs
 * executing (claimed here, or launched by a submit's {@link Reservation}); clients only emit events
 * ({@link #emit}), which set flags and wake the dispatcher.
 */
public final class Engine implements EngineContext, Admission, ClientEvents, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final int MAX_CLAIM = 256;

  private final EngineConfig config;
  private final Semaphore slots;
  private final RunEnds ends;
  private final RunExecutor executor;
  private final Recoverer recoverer;
  private final LeaseKeeper leaseKeeper; // null on a store one process executes
  private final Map<String, Thread> running = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> runningByQueue = new ConcurrentHashMap<>();
  private final List<Queue> limitedQueues;
  private final List<String> limitedNames;
  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean stopping;
  private final Cancellations cancellations = new Cancellations();
  private long cancelsReadAt;
  private final Timers timers;
  private volatile Thread dispatcher;

  public Engine(EngineConfig config, RunEnds ends) {
    this.config = config;
    this.slots = new Semaphore(config.concurrency());
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
            ? new LeaseKeeper(config, recoverer, running::keySet, this::wake)
            : null;
    this.limitedQueues = config.queues().values().stream().filter(Queue::isLimited).toList();
    this.limitedNames = limitedQueues.stream().map(Queue::name).toList();
    this.timers = new Timers(config.store(), config.clock(), config.pollInterval().toMillis());
    config.clock().whenSet(this::wake);
  }

  /**
   * Recovers what a previous process left, then starts dispatching. On a shared store: registers
   * the node, recovers only its previous incarnation's runs, sweeps expired leases once, and starts
   * the heartbeat.
   */
  public synchronized RecoveryReport start() {
    if (dispatcher != null) {
      throw new IllegalStateException("already started");
    }
    RecoveryReport report;
    if (leaseKeeper != null) {
      leaseKeeper.register();
      report = BootRecovery.run(config.store(), recoverer, config.clock(), config.owner());
      leaseKeeper.sweep();
      leaseKeeper.start();
    } else {
      report = BootRecovery.run(config.store(), recoverer, config.clock(), null);
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
    return new Client(config.store(), config.registry(), config.clock(), ends, this, this, false);
  }

  @Override
  public Optional<Reservation> reserve(String queue) {
    if (stopping || dispatcher == null || limitedNames.contains(queue) || !slots.tryAcquire()) {
      return Optional.empty();
    }
    return Optional.of(
        new Reservation(
            config.owner(), config.leaseTtl().toMillis(), this::launch, slots::release));
  }

  /** Starts a run that holds a slot, on its own virtual thread. */
  private void launch(ClaimedRun run) {
    runningByQueue.computeIfAbsent(run.queue(), q -> new AtomicInteger()).incrementAndGet();
    Thread.ofVirtual().name("reprise-run-" + run.id()).start(() -> execute(run));
  }

  @Override
  public void emit(ClientEvent event) {
    switch (event) {
      case ClientEvent.CancelRequested c -> {
        cancellations.request(c.runId(), c.reason());
        wake();
      }
      case ClientEvent.SchedulesChanged s -> timersChanged();
      case ClientEvent.RunSubmitted r -> wake();
      case ClientEvent.RunSignalled r -> wake();
      case ClientEvent.CompensationRetried r -> wake();
      case ClientEvent.ParentsReconciled r -> wake();
    }
  }

  @Override
  public Workflow<?, ?> workflow(String name) {
    return config.registry().find(name);
  }

  /** A run parked or a schedule changed: the next timer may come sooner than the one read. */
  private void timersChanged() {
    timers.changed();
    wake();
  }

  @Override
  public Cancellations cancellations() {
    return cancellations;
  }

  /** Picks up cancels asked by other processes, at most once per poll interval. */
  private void readCancels() {
    long now = System.nanoTime();
    if (now - cancelsReadAt < config.pollInterval().toNanos()) {
      return;
    }
    cancelsReadAt = now;
    cancellations.refresh(config.store().queue().cancelRequests(config.owner()));
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
        readCancels();
        if (timers.fireDue() > 0) {
          wake();
        }
        int free = slots.availablePermits();
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
    int got = 0;
    for (Queue q : limitedQueues) {
      int room = max - got;
      if (q.nodeLimit() > 0) {
        room = Math.min(room, q.nodeLimit() - runningIn(q.name()));
      }
      if (room > 0) {
        Integer global = q.globalLimit() > 0 ? q.globalLimit() : null;
        got +=
            launchAll(
                config
                    .store()
                    .queue()
                    .claim(
                        new Claim(
                            config.owner(),
                            workflows,
                            room,
                            now,
                            lease,
                            q.name(),
                            List.of(),
                            global)));
      }
    }
    if (got < max) {
      got +=
          launchAll(
              config
                  .store()
                  .queue()
                  .claim(
                      new Claim(
                          config.owner(),
                          workflows,
                          max - got,
                          now,
                          lease,
                          null,
                          limitedNames,
                          null)));
    }
    return got;
  }

  private int launchAll(List<ClaimedRun> claimed) {
    // the dispatcher asked for no more runs than it had free slots, and only it and reservations
    // (which take a slot before they insert) use them
    for (ClaimedRun run : claimed) {
      slots.acquireUninterruptibly();
      launch(run);
    }
    return claimed.size();
  }

  private int runningIn(String queue) {
    AtomicInteger n = runningByQueue.get(queue);
    return n == null ? 0 : n.get();
  }

  /** How long the dispatcher may sleep; see {@link Timers#untilNextWake}. */
  private long untilNextWake(long emptyClaimAt) {
    if (slots.availablePermits() == 0) {
      return config.pollInterval().toMillis();
    }
    return timers.untilNextWake(emptyClaimAt);
  }

  /**
   * Executes a run that holds a slot. The slot is given back before those waiting for the run's
   * result are told, so that a waiter's next submit finds it free.
   */
  private void execute(ClaimedRun run) {
    running.put(run.id(), Thread.currentThread());
    Outcome outcome = null;
    try {
      outcome = executor.execute(run);
    } catch (OutOfMemoryError e) {
      // the run stays as the store has it, to be taken back by recovery; the process should
      // end (the daemon runs with -XX:+ExitOnOutOfMemoryError), as nothing here can be trusted
      log.atError()
          .setMessage("out_of_memory")
          .addKeyValue("event", "out_of_memory")
          .addKeyValue("run_id", run.id())
          .log();
      throw e;
    } finally {
      running.remove(run.id());
      runningByQueue.get(run.queue()).decrementAndGet();
      slots.release();
      if (outcome instanceof Outcome.Parked) {
        timers.changed();
      }
      wake();
    }
    switch (outcome) {
      case Outcome.Ended e -> ends.ended(e.end());
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
   * the shutdown timeout, after which they are interrupted). On a store one process executes they
   * stay {@code running} and are replayed after the next start's recovery; on a shared store the
   * node releases them, so that another node takes them at once.
   */
  @Override
  public void close() {
    stopping = true;
    wake();
    Thread d;
    synchronized (this) {
      d = dispatcher;
    }
    if (d == null) {
      return;
    }
    try {
      d.join();
      long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
      while (!running.isEmpty() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      running.values().forEach(Thread::interrupt);
      for (Thread t : List.copyOf(running.values())) {
        t.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (leaseKeeper != null) {
      leaseKeeper.close();
    }
  }
}
