package dev.reprise.spring.internal;

import dev.reprise.RecoveryReport;
import dev.reprise.Reprise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts Reprise once the context is refreshed (every workflow bean and everything a step body
 * calls exists by then) and drains it when the context stops.
 *
 * <p>The phase is below the web server's (Spring Boot's {@code WebServerStartStopLifecycle} is at
 * {@code DEFAULT_PHASE - 2048}, graceful shutdown at {@code - 1024}): runs are recovered and
 * executing before the first request arrives, and at shutdown the server first finishes its
 * requests, which may submit runs, before Reprise stops. Beans at the default phase (message
 * listeners, say) likewise stop before it.
 *
 * <p>{@link #stop(Runnable)} closes Reprise on the calling thread: {@link Reprise#close()} returns
 * once no step body runs (it waits up to the shutdown timeout, then interrupts, then fences what is
 * left), so Spring's wait for this phase ends exactly then, and the DataSource a PostgreSQL store
 * uses is destroyed only after. A stopped Reprise cannot start again: Spring's {@code
 * context.stop()} ends it for the context's life.
 */
public final class RepriseLifecycle implements SmartLifecycle {
  /** Below the web server's phases; see the class comment. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  private static final Logger log = LoggerFactory.getLogger(RepriseLifecycle.class);

  private final Reprise reprise;
  private boolean running;
  private boolean closed;

  public RepriseLifecycle(Reprise reprise) {
    this.reprise = reprise;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    if (closed) {
      throw new IllegalStateException(
          "Reprise was closed when the context stopped and cannot start again; refresh a new"
              + " context instead");
    }
    RecoveryReport report = reprise.start();
    running = true;
    log.atInfo()
        .setMessage("reprise_started")
        .addKeyValue("event", "reprise_started")
        .addKeyValue("node_id", reprise.nodeId())
        .addKeyValue("steps_reset", report.stepsReset())
        .addKeyValue("runs_restarted", report.runsRestarted())
        .addKeyValue("runs_failed", report.runsFailed())
        .addKeyValue("runs_quarantined", report.runsQuarantined())
        .log();
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    closed = true;
    reprise.close();
    log.atInfo()
        .setMessage("reprise_stopped")
        .addKeyValue("event", "reprise_stopped")
        .addKeyValue("node_id", reprise.nodeId())
        .log();
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
