package dev.reprise.internal.engine;

import dev.reprise.Clock;
import dev.reprise.RecoveryReport;
import dev.reprise.Workflow;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Store;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher: claims pending runs, and waiting runs that are due, while it has free slots, and
 * runs each on its own virtual thread. It sleeps until woken (a submit in this process, a run
 * ending or parking), until the earliest waiting run is due, or at most the poll interval (runs
 * submitted by other processes).
 */
public final class Engine implements EngineContext, LocalEngine, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final int MAX_CLAIM = 256;

  private final EngineConfig config;
  private final Semaphore slots;
  private final RunEnds ends;
  private final RunExecutor executor;
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean stopping;
  private final Map<String, String> cancels = new ConcurrentHashMap<>();
  private long cancelsReadAt;
  // dispatcher thread only: when the next schedule fires; MIN_VALUE until first read
  private long nextFire = Long.MIN_VALUE;
  // the earliest due waiting run or schedule as last read, and when; re-read when a run parks, a
  // schedule changes, the cached time has come, or a poll interval passed (other processes)
  private volatile boolean timersDirty = true;
  private long nextTimer;
  private long timersReadAt;
  private volatile Thread dispatcher;

  public Engine(EngineConfig config, RunEnds ends) {
    this.config = config;
    this.slots = new Semaphore(config.concurrency());
    this.ends = ends;
    this.executor = new RunExecutor(this, config.registry(), ends);
    config.clock().whenSet(this::wake);
  }

  /** Recovers what a previous process left, then starts dispatching. */
  public synchronized RecoveryReport start() {
    if (dispatcher != null) {
      throw new IllegalStateException("already started");
    }
    RecoveryReport report = BootRecovery.run(config.store(), config.registry(), config.clock());
    dispatcher = Thread.ofPlatform().name("reprise-dispatcher").daemon(true).start(this::dispatch);
    return report;
  }

  /** A client of this engine's store whose submits start runs here at once when a slot is free. */
  public Client client() {
    return new Client(config.store(), config.registry(), config.clock(), ends, this, false);
  }

  @Override
  public String reserve() {
    if (stopping || dispatcher == null || !slots.tryAcquire()) {
      return null;
    }
    return config.owner();
  }

  @Override
  public void launch(ClaimedRun run) {
    Thread.ofVirtual().name("reprise-run-" + run.id()).start(() -> execute(run));
  }

  @Override
  public void cancelRequested(String runId, String reason) {
    cancels.put(runId, reason);
  }

  @Override
  public Workflow<?, ?> workflow(String name) {
    return config.registry().find(name);
  }

  @Override
  public void timersChanged() {
    timersDirty = true;
    wake();
  }

  @Override
  public String cancelRequest(String runId) {
    return cancels.get(runId);
  }

  /** Picks up cancels asked by other processes, at most once per poll interval. */
  private void readCancels() {
    long now = System.nanoTime();
    if (now - cancelsReadAt < config.pollInterval().toNanos()) {
      return;
    }
    cancelsReadAt = now;
    Map<String, String> requested = config.store().operations().cancelRequests(config.owner());
    cancels.keySet().retainAll(requested.keySet());
    cancels.putAll(requested);
  }

  @Override
  public void release() {
    slots.release();
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
  public Clock clock() {
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
        if (clock().now().toEpochMilli() >= nextFire) {
          int started = Chronos.tick(config.store().schedules(), clock().now());
          Long fire = config.store().schedules().nextFireAt();
          nextFire = fire == null ? Long.MAX_VALUE : fire;
          timersDirty = true;
          if (started > 0) {
            wake();
          }
        }
        int free = slots.availablePermits();
        if (free > 0 && !workflows.isEmpty()) {
          asked = Math.min(free, MAX_CLAIM);
          claimedAt = clock().now().toEpochMilli();
          List<ClaimedRun> claimed =
              config.store().claimPending(config.owner(), workflows, asked, claimedAt);
          got = claimed.size();
          for (ClaimedRun run : claimed) {
            slots.acquireUninterruptibly();
            launch(run);
          }
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
   * How long the dispatcher may sleep: until the earliest waiting run or schedule is due, at most
   * the poll interval. A run that was already due when a claim found nothing (its workflow is not
   * registered here) does not count, or the dispatcher would spin; one that became due since does.
   */
  private long untilNextWake(long emptyClaimAt) {
    long poll = config.pollInterval().toMillis();
    if (slots.availablePermits() == 0) {
      return poll;
    }
    try {
      long now = clock().now().toEpochMilli();
      if (timersDirty || nextTimer <= now || System.nanoTime() - timersReadAt >= poll * 1_000_000) {
        timersDirty = false;
        timersReadAt = System.nanoTime();
        Long fire = config.store().schedules().nextFireAt();
        nextFire = fire == null ? Long.MAX_VALUE : fire;
        Long wake = config.store().nextWakeAt();
        nextTimer = Math.min(nextFire, wake == null ? Long.MAX_VALUE : wake);
      }
      long next = nextTimer;
      if (next == Long.MAX_VALUE || next <= emptyClaimAt) {
        return poll;
      }
      long wait = next - clock().now().toEpochMilli();
      return wait <= 0 ? 0 : Math.min(wait, poll);
    } catch (RuntimeException e) {
      return poll;
    }
  }

  private void execute(ClaimedRun run) {
    Thread self = Thread.currentThread();
    running.add(self);
    try {
      executor.execute(run);
    } finally {
      running.remove(self);
      slots.release();
      wake();
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
   * the shutdown timeout, after which they are interrupted). They stay {@code running} in the store
   * and are replayed after the next start's recovery.
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
      running.forEach(Thread::interrupt);
      for (Thread t : List.copyOf(running)) {
        t.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
