package dev.reprise.internal.engine;

import dev.reprise.internal.store.ClaimedRun;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The runs executing on this engine and the slots they hold. A slot is taken before a run starts
 * (by the dispatcher for the runs it claims, by a submit's {@link Reservation} for a run it starts
 * at once) and given back when the run's thread is done with it, or when the engine fences the run
 * away from code that did not stop (the thread is then no longer the run's, and may never return).
 * An execution stays listed until its thread is done with it, fenced or not.
 */
final class Executions {
  private final Semaphore slots;
  private final Set<Execution> live = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> byQueue = new ConcurrentHashMap<>();

  Executions(int concurrency) {
    this.slots = new Semaphore(concurrency);
  }

  boolean tryReserve() {
    return slots.tryAcquire();
  }

  /** Takes a slot the dispatcher knows to be free (it claimed no more runs than it had). */
  void acquire() {
    slots.acquireUninterruptibly();
  }

  void release() {
    slots.release();
  }

  int free() {
    return slots.availablePermits();
  }

  /**
   * Starts a run that holds a slot on its own virtual thread, running {@code body}; its claim (or
   * insert) started at {@code claimStartedNanos}.
   */
  Execution start(ClaimedRun run, long claimStartedNanos, Consumer<Execution> body) {
    Execution e = new Execution(run, claimStartedNanos, System.nanoTime());
    byQueue.computeIfAbsent(run.queue(), q -> new AtomicInteger()).incrementAndGet();
    live.add(e);
    e.thread = Thread.ofVirtual().name("reprise-run-" + run.id()).unstarted(() -> body.accept(e));
    e.thread.start();
    return e;
  }

  /** The run's thread is done: its slot is free again. */
  void finished(Execution e) {
    live.remove(e);
    freeSlot(e);
  }

  /** The run's slot is free again, whether or not its thread is done (once per execution). */
  void freeSlot(Execution e) {
    if (e.slotFreed.compareAndSet(false, true)) {
      byQueue.get(e.run.queue()).decrementAndGet();
      slots.release();
    }
  }

  int runningIn(String queue) {
    AtomicInteger n = byQueue.get(queue);
    return n == null ? 0 : n.get();
  }

  /** Every execution whose thread has not finished. */
  Collection<Execution> all() {
    return List.copyOf(live);
  }

  /** The executions whose runs this engine still holds (not fenced), for the heartbeat. */
  Collection<Execution> held() {
    return live.stream().filter(e -> !e.fenced).toList();
  }

  boolean isEmpty() {
    return live.isEmpty();
  }
}
