package dev.reprise.internal.engine;

import dev.reprise.Clock;
import dev.reprise.internal.store.Store;

/** What a run's context needs of the engine that runs it. */
interface EngineContext {
  Store store();

  Clock clock();

  boolean isStopping();

  /** The reason this run was asked to cancel with, or null. */
  String cancelRequest(String runId);
}
