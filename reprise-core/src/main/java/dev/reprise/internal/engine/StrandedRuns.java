package dev.reprise.internal.engine;

import dev.reprise.StoreFullException;
import dev.reprise.StoreWriteFailure;
import dev.reprise.internal.store.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs abandoned because the store refused their writes (a full disk, a server gone), given
 * back by the dispatcher to be claimed again, so that they go on without a restart; while the store
 * cannot take the release, it fails and they wait. A full disk may take small writes and refuse
 * larger ones, so while the store's last write found it full they are given back once a second at
 * most: each time, the step the disk cut short runs again. The attempt it cut short is not counted
 * against the step's retry policy, so a full disk does not fail a run.
 *
 * <p>Run threads add runs; the dispatcher alone releases them.
 */
final class StrandedRuns {
  private static final Logger log = LoggerFactory.getLogger(StrandedRuns.class);
  private static final long FULL_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Store store;
  private final EngineClock clock;
  private final Map<String, Long> runs = new ConcurrentHashMap<>(); // id: epoch held
  private volatile long changedAt = System.nanoTime();

  StrandedRuns(Store store, EngineClock clock) {
    this.store = store;
    this.clock = clock;
  }

  void add(String runId, long epoch) {
    runs.put(runId, epoch);
    changedAt = System.nanoTime();
  }

  /** Gives the runs back, unless the disk was full a moment ago; throws when the store fails. */
  void releaseIfDue() {
    if (runs.isEmpty()) {
      return;
    }
    boolean full =
        store.writeFailure().map(StoreWriteFailure::error).orElse(null)
            instanceof StoreFullException;
    if (full && System.nanoTime() - changedAt < FULL_RETRY_NANOS) {
      return;
    }
    changedAt = System.nanoTime();
    Map<String, Long> ids = Map.copyOf(runs);
    store.queue().release(ids, clock.now().toEpochMilli(), true);
    ids.forEach(runs::remove);
    log.atInfo()
        .setMessage("runs_resumed_after_store_failure")
        .addKeyValue("event", "runs_resumed_after_store_failure")
        .addKeyValue("runs", ids.size())
        .log();
  }
}
