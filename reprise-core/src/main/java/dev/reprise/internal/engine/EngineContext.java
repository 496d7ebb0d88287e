package dev.reprise.internal.engine;

import dev.reprise.Clock;
import dev.reprise.internal.store.Store;

/** What a run's context needs of the engine that runs it. */
interface EngineContext {
  Store store();

  Clock clock();

  boolean isStopping();

  /** A run was parked until {@code wakeAtMillis}: the dispatcher must wake by then. */
  void suspended(long wakeAtMillis);

  /** The registered workflow of that name, or null. */
  dev.reprise.Workflow<?, ?> workflow(String name);

  /** Tells the dispatcher there may be work (a child run started). */
  void wake();

  /** The reason this run was asked to cancel with, or null. */
  String cancelRequest(String runId);
}
