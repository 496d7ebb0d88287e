package dev.reprise.internal.engine;

import dev.reprise.internal.store.Store;

/** What a run's context needs of the engine that runs it. */
interface EngineContext {
  Store store();

  EngineClock clock();

  boolean isStopping();

  /** A run parked until some time: the dispatcher must re-read when it next has to wake. */
  void timersChanged();

  /** The registered workflow of that name, or null. */
  dev.reprise.Workflow<?, ?> workflow(String name);

  /** Tells the dispatcher there may be work (a child run started). */
  void wake();

  /** The reason this run was asked to cancel with, or null. */
  String cancelRequest(String runId);
}
