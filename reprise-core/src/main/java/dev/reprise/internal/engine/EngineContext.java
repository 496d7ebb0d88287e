package dev.reprise.internal.engine;

import dev.reprise.Workflow;
import dev.reprise.internal.store.Store;

/** What a run's context needs of the engine that runs it. */
interface EngineContext {
  Store store();

  EngineClock clock();

  boolean isStopping();

  /** The registered workflow of that name, or null. */
  Workflow<?, ?> workflow(String name);

  /** Tells the dispatcher there may be work (a child run started). */
  void wake();

  /**
   * The run holds payloads of this {@link RunMemory#weight} now (a step produced a large output):
   * charged to the memory budget if more than before.
   */
  void holds(Execution execution, long weight);

  /**
   * Before a body starts: makes sure the run is still held (on a shared store, re-validating the
   * lease when its time may have run out).
   *
   * @throws RunAbandoned when another node holds the run now
   */
  void ensureLease(Execution execution);

  /**
   * The workflow went on calling its context after an unwinding it was thrown (it caught it twice):
   * the engine settles the run on this thread as that unwinding says, and never returns.
   */
  void takeOver(Execution execution, RunContextImpl ctx);

  /** Why the runs this engine executes must stop. */
  Cancellations cancellations();
}
