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
  private final RunMemory memory;
  private final Set<Execution> live = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> byQueue = new ConcurrentHashMap<>();

  Executions(int concurrency, long memoryBudget) {
    this.slots = new Semaphore(concurrency);
    this.memory = new RunMemory(memoryBudget);
  }

  /** A slot and {@code weight} of the memory budget for a run to start, if both are free. */
  boolean tryReserve(long weight) {
    if (!slots.tryAcquire()) {
      return false;
    }
    if (!memory.tryCharge(weight)) {
      slots.release();
      return false;
    }
    return true;
  }

  /** Takes a slot the dispatcher knows to be free (it claimed no more runs than it had). */
  void acquire() {
    slots.acquireUninterruptibly();
  }

  /** Gives back a reservation that started no run. */
  void release(long weight) {
    memory.release(weight);
    slots.release();
  }

  /** How many runs the dispatcher may claim: free slots, as far as the memory budget has room. */
  int free() {
    return memory.claimable(slots.availablePermits());
  }

  /** Whether a slot is free, whatever the memory budget says. */
  boolean hasFreeSlot() {
    return slots.availablePermits() > 0;
  }

  /** The memory budget charged by the executing runs. */
  long memoryUsed() {
    return memory.used();
  }

  /**
   * Starts a run that holds a slot on its own virtual thread, running {@code body}; its claim (or
   * insert) started at {@code claimStartedNanos}. A run a reservation started was charged {@code
   * charged} already; one the dispatcher claimed (0) is charged now.
   */
  Execution start(ClaimedRun run, long claimStartedNanos, long charged, Consumer<Execution> body) {
    Execution e = new Execution(run, claimStartedNanos, System.nanoTime());
    if (charged > 0) {
      e.charged = charged;
    } else {
      e.charged = RunMemory.weight(run.inputJson());
      memory.charge(e.charged);
    }
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
    synchronized (e) {
      if (!e.slotFreed.compareAndSet(false, true)) {
        return;
      }
      memory.release(e.charged);
    }
    byQueue.get(e.run.queue()).decrementAndGet();
    slots.release();
  }

  /** Charges the run for {@code weight} in all once it holds more than it was charged for. */
  void grow(Execution e, long weight) {
    synchronized (e) {
      if (weight > e.charged && !e.slotFreed.get()) {
        memory.charge(weight - e.charged);
        e.charged = weight;
      }
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
