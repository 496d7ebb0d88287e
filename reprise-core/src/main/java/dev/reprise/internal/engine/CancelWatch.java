package dev.reprise.internal.engine;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes cancellation reach bodies that do not stop by themselves. A run executing here that is
 * asked to stop (or passes its deadline) stops at its next step boundary; a body may see the
 * request sooner ({@code ctx.isCancelled()}). If its body is still running a shutdown timeout
 * later, the run is fenced: taken back under a new epoch, so that whatever the body writes later
 * changes nothing, and claimed again, to unwind on a new thread without running any body again (its
 * cancel is seen before anything runs). The stuck body keeps its slot until it returns. Runs on the
 * dispatcher thread; reads the requests made by other processes from the store at most once per
 * poll interval.
 */
final class CancelWatch {
  private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);

  private final EngineConfig config;
  private final Cancellations cancellations;
  private final Executions executions;
  private final Runnable wake;
  private final long graceNanos;
  private long readAt = Long.MIN_VALUE / 2;

  CancelWatch(
      EngineConfig config, Cancellations cancellations, Executions executions, Runnable wake) {
    this.config = config;
    this.cancellations = cancellations;
    this.executions = executions;
    this.wake = wake;
    this.graceNanos = Math.max(1, config.shutdownTimeout().toNanos());
  }

  void check() {
    long now = System.nanoTime();
    if (now - readAt >= config.pollInterval().toNanos()) {
      readAt = now;
      cancellations.refresh(config.store().queue().cancelRequests(config.owner()));
    }
    long nowMillis = config.clock().now().toEpochMilli();
    for (Execution e : executions.held()) {
      if (cancellations.reasonFor(e.run, nowMillis) == null) {
        continue;
      }
      if (e.cancelSeenNanos == 0) {
        e.cancelSeenNanos = now;
      } else if (now - e.cancelSeenNanos >= graceNanos) {
        fence(e);
      }
    }
  }

  /** How long the dispatcher may sleep before a body it watches must be fenced. */
  long untilNext(long pollMillis) {
    long next = pollMillis;
    long now = System.nanoTime();
    for (Execution e : executions.held()) {
      if (e.cancelSeenNanos != 0) {
        next = Math.min(next, Math.max(1, (e.cancelSeenNanos + graceNanos - now) / 1_000_000));
      }
    }
    return next;
  }

  private void fence(Execution e) {
    e.fenced = true;
    log.atWarn()
        .setMessage("body_fenced")
        .addKeyValue("event", "body_fenced")
        .addKeyValue("run_id", e.run.id())
        .addKeyValue("epoch", e.run.epoch())
        .addKeyValue("step", e.doing())
        .log();
    config.store().queue().release(List.of(e.run.id()), config.clock().now().toEpochMilli());
    wake.run();
  }
}
