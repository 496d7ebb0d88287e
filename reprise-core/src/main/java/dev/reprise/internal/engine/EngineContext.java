package dev.reprise.internal.engine;

import dev.reprise.Clock;
import dev.reprise.internal.store.Store;

/** What a run's context needs of the engine that runs it. */
interface EngineContext {
  Store store();

  Clock clock();

  boolean isStopping();
}
