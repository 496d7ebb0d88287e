package dev.reprise.spring.internal;

import dev.reprise.Reprise;
import dev.reprise.RunStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code reprise} health component: UP when the store answers a read, with the node id, the
 * store and the number of runs in each status (one grouped count over an index of the runs of this
 * node's namespace); DOWN with the error when it does not answer, or once Reprise was stopped.
 *
 * <p>The counts are the namespace's, across every node of a shared PostgreSQL store: the public API
 * does not say which runs this node holds leases on, so the details do not claim to.
 */
public final class RepriseHealthIndicator extends AbstractHealthIndicator {
  private final Reprise reprise;
  private final StoreChoice store;
  private final RepriseLifecycle lifecycle;

  /**
   * @param store the store the starter chose, or null for a Reprise the application built itself
   */
  public RepriseHealthIndicator(Reprise reprise, StoreChoice store, RepriseLifecycle lifecycle) {
    super("Reprise health check failed");
    this.reprise = reprise;
    this.store = store;
    this.lifecycle = lifecycle;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("nodeId", reprise.nodeId());
    if (store != null) {
      builder.withDetail("store", store.kind().name().toLowerCase(java.util.Locale.ROOT));
      builder.withDetail("location", store.description());
    }
    if (!lifecycle.isRunning()) {
      builder.down().withDetail("reason", "not executing runs (not started yet, or stopped)");
      return;
    }
    Map<RunStatus, Long> counts = reprise.countByStatus();
    Map<String, Long> runs = new LinkedHashMap<>();
    for (RunStatus status : RunStatus.values()) {
      runs.put(status.label(), counts.getOrDefault(status, 0L));
    }
    builder.up().withDetail("runs", runs);
  }
}
