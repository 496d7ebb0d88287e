package dev.reprise.internal.engine;

import dev.reprise.internal.store.Store;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the retention policies stored in the database when the engine starts and then every
 * {@link #INTERVAL} of the engine's clock (so a test that moves a settable clock sees it at once).
 * The dispatcher thread asks; the deletion runs on a virtual thread of its own, one at a time, so
 * dispatching never waits on it. Every engine does it: on a shared store two nodes deleting at once
 * each delete a run at most once, and a run is deleted only once ended.
 */
final class RetentionSweeper {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
  static final Duration INTERVAL = Duration.ofHours(1);
  private static final int BATCH = 500;

  private final Store store;
  private final EngineClock clock;
  private final BooleanSupplier stopping;
  private final AtomicBoolean running = new AtomicBoolean();
  private long nextAt = Long.MIN_VALUE; // the dispatcher thread's

  RetentionSweeper(Store store, EngineClock clock, BooleanSupplier stopping) {
    this.store = store;
    this.clock = clock;
    this.stopping = stopping;
  }

  /** Starts an application when one is due and none is under way. */
  void runIfDue() {
    long now = clock.now().toEpochMilli();
    if (now < nextAt || !running.compareAndSet(false, true)) {
      return;
    }
    nextAt = now + INTERVAL.toMillis();
    Thread.ofVirtual().name("reprise-retention").start(() -> apply(now));
  }

  private void apply(long now) {
    try {
      int deleted = store.retention().apply(now, BATCH);
      if (deleted > 0) {
        log.atInfo()
            .setMessage("retention_applied")
            .addKeyValue("event", "retention_applied")
            .addKeyValue("deleted", deleted)
            .log();
      }
    } catch (RuntimeException e) {
      if (!stopping.getAsBoolean()) {
        log.atWarn()
            .setMessage("retention_failed")
            .addKeyValue("event", "retention_failed")
            .setCause(e)
            .log();
      }
    } finally {
      running.set(false);
    }
  }
}
