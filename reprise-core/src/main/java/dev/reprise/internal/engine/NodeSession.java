package dev.reprise.internal.engine;

import dev.reprise.internal.store.Leases;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's session lock ({@link Leases.SessionLock}), and when it lets a body start. Other nodes
 * take this node's runs over, without waiting for their leases, once they have seen its lock free
 * for {@link #graceMillis()} (its process ended, so its session did). So a body starts only while
 * the lock is known to have been held less than the grace ago, less a third for margin, timed on
 * this process's monotonic clock from the start of the last confirmation; a paused process keeps
 * its session, and only its leases cover it, as before.
 *
 * <p>Threads: the lease keeper's session thread confirms the lock at every tick (a quarter of the
 * grace), and takes a new one (under a new key) when it was lost; a run's thread confirms it itself
 * when the last confirmation is too old. {@link #state} is one immutable value, replaced whole
 * under {@link #lock}. A new lock starts a generation: a run claimed before it was held under the
 * lost lock, which other nodes may have taken over meanwhile, so it starts its next body only after
 * renewing its lease under its epoch (the node's row names the new lock before, and a takeover
 * under the old one holds that row, so the renewal sees any takeover that happened).
 */
final class NodeSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeSession.class);
  private static final Duration MAX_GRACE = Duration.ofMillis(500);

  /** {@code held} null: the lock was lost and not taken again yet. */
  private record State(Leases.SessionLock held, long generationNanos, long confirmedNanos) {}

  private final EngineConfig config;
  private final Leases leases;
  private final long graceNanos;
  private final long ttlNanos;
  private final Runnable onLost;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition relocked = lock.newCondition();
  private volatile State state;
  private Leases.SessionLock lost; // under lock: to close before taking a new one

  private NodeSession(
      EngineConfig config, Leases.SessionLock held, long confirmedNanos, Runnable onLost) {
    this.config = config;
    this.onLost = onLost;
    this.leases = config.store().leases();
    this.graceNanos = grace(config.leaseTtl()).toNanos();
    this.ttlNanos = config.leaseTtl().toNanos();
    this.state = new State(held, confirmedNanos, confirmedNanos);
  }

  /** How long other nodes wait after seeing a node's lock free: a half ttl, at most 500 ms. */
  static Duration grace(Duration ttl) {
    Duration half = ttl.dividedBy(2);
    return half.compareTo(MAX_GRACE) < 0 ? half : MAX_GRACE;
  }

  /**
   * Takes this node's first lock, or empty where the store has none; {@code onLost} wakes the
   * thread that calls {@link #keep()}, to take a new one at once.
   */
  static Optional<NodeSession> open(EngineConfig config, Runnable onLost) {
    long started = System.nanoTime();
    return config
        .store()
        .leases()
        .sessionLock(config.leaseTtl().toMillis())
        .map(held -> new NodeSession(config, held, started, onLost));
  }

  long key() {
    return state.held().key();
  }

  long graceMillis() {
    return TimeUnit.NANOSECONDS.toMillis(graceNanos);
  }

  /** How often the keeper should confirm the lock, so that bodies seldom have to. */
  long tickNanos() {
    return graceNanos / 4;
  }

  /**
   * The session thread's part, at every tick: confirms the lock, or takes a new one after a loss.
   */
  void keep() {
    State s = state;
    if (s.held() == null) {
      relock();
    } else {
      confirm(s, System.nanoTime());
    }
  }

  /**
   * Before a body starts: returns when the lock is known to have been held within the grace and the
   * run was claimed under it (or renewed since it was taken); throws {@link RunAbandoned} when the
   * run may have been taken over, or the lock was not taken again within two ttls (long enough for
   * the pool to reconnect after an outage near a ttl; past that the run's lease lapses and a sweep
   * takes it back).
   */
  void ensureHeld(Execution e) {
    long deadline = System.nanoTime() + 2 * ttlNanos;
    while (true) {
      long now = System.nanoTime();
      State s = state;
      if (s.held() != null && now - s.confirmedNanos() < graceNanos - graceNanos / 3) {
        if (e.sessionFromNanos >= s.generationNanos()) {
          return;
        }
        if (!leases.renew(
            e.run.id(), e.run.epoch(), config.owner(), config.leaseTtl().toMillis())) {
          throw RunAbandoned.leaseLost(e.run.epoch(), null);
        }
        e.sessionFromNanos = s.generationNanos();
        e.leaseFromNanos = Math.max(e.leaseFromNanos, now);
        continue; // the renewal took time: check the lock's time again
      }
      confirmOrWait(now, deadline, e);
    }
  }

  private void confirmOrWait(long now, long deadline, Execution e) {
    lock.lock();
    try {
      State s = state;
      if (s.held() == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw RunAbandoned.leaseLost(e.run.epoch(), null);
        }
        relocked.awaitNanos(left);
      } else if (now - s.confirmedNanos() >= graceNanos - graceNanos / 3) {
        confirm(s, System.nanoTime()); // else another thread confirmed it meanwhile
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw RunAbandoned.leaseLost(e.run.epoch(), ie);
    } finally {
      lock.unlock();
    }
  }

  private void confirm(State s, long started) {
    boolean held = s.held().confirm();
    lock.lock();
    try {
      if (state.held() != s.held()) {
        return;
      }
      if (held) {
        if (started > state.confirmedNanos()) {
          state = new State(s.held(), s.generationNanos(), started);
        }
      } else {
        lost = s.held();
        state = new State(null, s.generationNanos(), s.confirmedNanos());
        log.atWarn()
            .setMessage("node_session_lost")
            .addKeyValue("event", "node_session_lost")
            .addKeyValue("node", config.owner())
            .log();
        onLost.run();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Takes a new lock and names it in the node's row; on failure, the next tick tries again. */
  private void relock() {
    Leases.SessionLock old;
    lock.lock();
    try {
      old = lost;
      lost = null;
    } finally {
      lock.unlock();
    }
    if (old != null) {
      old.close();
    }
    long started = System.nanoTime();
    Leases.SessionLock fresh = leases.sessionLock(config.leaseTtl().toMillis()).orElseThrow();
    try {
      leases.relock(config.owner(), fresh.key());
    } catch (RuntimeException ex) {
      fresh.close();
      throw ex;
    }
    long generation = System.nanoTime(); // claims that start from now on see the new lock
    lock.lock();
    try {
      state = new State(fresh, generation, started);
      relocked.signalAll();
    } finally {
      lock.unlock();
    }
    log.atInfo()
        .setMessage("node_session_relocked")
        .addKeyValue("event", "node_session_relocked")
        .addKeyValue("node", config.owner())
        .log();
  }

  /** Frees the lock: called after the node's runs were given back and its row marked stopped. */
  @Override
  public void close() {
    Leases.SessionLock held;
    Leases.SessionLock old;
    lock.lock();
    try {
      held = state.held();
      old = lost;
      lost = null;
      state = new State(null, state.generationNanos(), state.confirmedNanos());
    } finally {
      lock.unlock();
    }
    if (held != null) {
      held.close();
    }
    if (old != null) {
      old.close();
    }
  }
}
