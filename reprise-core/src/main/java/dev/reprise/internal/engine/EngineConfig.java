package dev.reprise.internal.engine;

import dev.reprise.Clock;
import dev.reprise.internal.store.Store;
import java.time.Duration;

/** What an engine is made of. */
public record EngineConfig(
    Store store,
    WorkflowRegistry registry,
    Clock clock,
    int concurrency,
    Duration pollInterval,
    Duration shutdownTimeout,
    String owner) {}
