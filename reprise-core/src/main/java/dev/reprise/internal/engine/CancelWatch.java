package dev.reprise.internal.engine;

import dev.reprise.RunStatus;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.RunEnd;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.Unwinding;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes cancellation reach code that does not stop by itself. A run executing here that is asked to
 * stop (or passes its deadline) stops at its next step boundary; a body may see the request sooner
 * ({@code ctx.isCancelled()}). If it is still executing a shutdown timeout later (in a body, or in
 * workflow code between steps), the run is fenced: its thread may start no body and journal nothing
 * more, and its slot is free again. The run is taken back under a new epoch and claimed again, to
 * unwind on a new thread without running any body again (its cancel is seen before anything runs).
 * Fenced a second time by this engine, the run is ended here and now instead: {@code cancelled}
 * when it had nothing to undo, else {@code failed_compensation} naming the steps not undone. Runs
 * on the dispatcher thread; reads the requests made by other processes from the store at most once
 * per poll interval.
 */
final class CancelWatch {
  private static final Logger log = LoggerFactory.getLogger(CancelWatch.class);

  private final EngineConfig config;
  private final Cancellations cancellations;
  private final Executions executions;
  private final Consumer<RunEnd> ended;
  private final Runnable wake;
  private final Set<String> fencedOnce = ConcurrentHashMap.newKeySet();
  private final long graceNanos;
  private long readAt = Long.MIN_VALUE / 2;

  CancelWatch(
      EngineConfig config,
      Cancellations cancellations,
      Executions executions,
      Consumer<RunEnd> ended,
      Runnable wake) {
    this.config = config;
    this.cancellations = cancellations;
    this.executions = executions;
    this.ended = ended;
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
      String reason = cancellations.reasonFor(e.run, nowMillis);
      if (reason == null) {
        continue;
      }
      if (e.cancelSeenNanos == 0) {
        e.cancelSeenNanos = now;
      } else if (now - e.cancelSeenNanos >= graceNanos) {
        fence(e, reason);
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

  private void fence(Execution e, String reason) {
    e.fence();
    executions.freeSlot(e);
    boolean again = !fencedOnce.add(e.run.id());
    log.atWarn()
        .setMessage("body_fenced")
        .addKeyValue("event", "body_fenced")
        .addKeyValue("run_id", e.run.id())
        .addKeyValue("epoch", e.run.epoch())
        .addKeyValue("step", e.doing())
        .addKeyValue("again", again)
        .log();
    long now = config.clock().now().toEpochMilli();
    if (again) {
      fencedOnce.remove(e.run.id());
      end(e, reason, now);
    } else {
      config.store().queue().release(java.util.Map.of(e.run.id(), e.run.epoch()), now, false);
    }
    wake.run();
  }

  /** Ends a run whose code did not stop when cancelled, on two executions in a row. */
  private void end(Execution e, String reason, long now) {
    List<String> toUndo = e.toUndo;
    String why =
        "its code did not stop within the shutdown timeout after the cancel, twice (last in "
            + e.doing()
            + ")";
    String line =
        toUndo.isEmpty()
            ? "cancelled: " + reason + "; " + why + "; nothing was left to undo"
            : "cancelled: "
                + reason
                + "; "
                + why
                + "; not undone: "
                + String.join(", ", toUndo)
                + "; undo them by hand, then resolve the run";
    boolean undo = !toUndo.isEmpty();
    if (undo
        && !e.unwinding
        && !Futures.join(
            config
                .store()
                .journal()
                .beginUnwinding(
                    new Unwinding(
                        e.run.id(), e.run.epoch(), RunFailure.CANCELLED, reason, null, now)))) {
      return;
    }
    RunEnd end =
        new RunEnd(
            e.run.id(),
            e.run.epoch(),
            undo ? RunStatus.FAILED_COMPENSATION : RunStatus.CANCELLED,
            null,
            RunFailure.CANCELLED,
            reason,
            false,
            ReasonLine.of(now, line),
            now,
            e.run.parentId());
    if (Futures.join(config.store().journal().endRun(end))) {
      ended.accept(end);
    }
  }
}
