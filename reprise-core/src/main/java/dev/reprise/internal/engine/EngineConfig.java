package dev.reprise.internal.engine;

import dev.reprise.Queue;
import dev.reprise.RecoveryResolver;
import dev.reprise.internal.store.Store;
import java.time.Duration;
import java.util.Map;

/**
 * What an engine is made of. {@code owner} is the node id; {@code namespace} and {@code env} are
 * what its node row says (the store is already scoped to them). Leases last {@code leaseTtl};
 * {@code globalRecovery} sweeps expired leases of every scope. The payloads of the runs executing
 * at once may take about {@code runMemory} bytes ({@link RunMemory}).
 */
public record EngineConfig(
    Store store,
    WorkflowRegistry registry,
    EngineClock clock,
    int concurrency,
    long runMemory,
    Duration pollInterval,
    Duration shutdownTimeout,
    String owner,
    String namespace,
    String env,
    Duration leaseTtl,
    Map<String, Queue> queues,
    int maxRecoveries,
    int crashLoopLimit,
    RecoveryResolver recoveryResolver,
    boolean globalRecovery) {}
