package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.RetryPolicy;
import dev.reprise.StepFailedException;
import dev.reprise.StepKind;
import dev.reprise.internal.json.Json;
import java.util.concurrent.CompletableFuture;

/**
 * The attempts of a step body or a compensation: each journaled {@code executing} (lazily, or
 * durably before the body for an at-most-once step and in a run taken back after a crash, so that a
 * body that crashes the process has its attempts counted and ends at the retry limit instead of
 * looping), retried with backoff while the policy allows, and the outcome journaled durably.
 */
final class Attempts {
  private Attempts() {}

  /** Work of one attempt. */
  interface Work {
    Object run() throws Exception;
  }

  /** Returns the value of the attempt that succeeded, or throws {@link StepFailedException}. */
  static Object run(
      RunContextImpl ctx, Slot slot, RetryPolicy retry, int attemptsSoFar, Work work) {
    int attempts = attemptsSoFar;
    while (true) {
      if (attempts >= retry.maxAttempts()) {
        String message = "used all " + attempts + " attempts, the last one interrupted by a crash";
        ctx.record(slot.failed("attempts_exhausted", message, attempts, ctx.millis()));
        throw new StepFailedException(
            ctx.runId(), slot.seq(), slot.name(), "attempts_exhausted", message, null);
      }
      if (ctx.engine().isStopping()) {
        throw RunAbandoned.stopping(null);
      }
      attempts++;
      boolean durableFirst = slot.atMostOnce() || !ctx.isFirstClaim();
      CompletableFuture<Void> written =
          ctx.engine().store().journal().writeStep(slot.executing(attempts), durableFirst);
      if (durableFirst) {
        ctx.join(written);
      }
      Object value;
      ctx.enterBody(slot);
      try {
        value = work.run();
      } catch (RunUnwinding | OutOfMemoryError e) {
        // out of memory: the process policy decides (see Engine.execute), not the step's
        throw e;
      } catch (Throwable e) {
        // any other Error (a stack overflow, say) fails the attempt like an exception
        String cancel = slot.kind() == StepKind.COMPENSATION ? null : ctx.cancelReason();
        if (cancel != null) {
          // the body stopped (or broke) because its run was asked to: the run unwinds
          throw new CancelSignal(cancel);
        }
        if (ctx.engine().isStopping() && isInterruption(e)) {
          throw RunAbandoned.stopping(e);
        }
        if (retry.isRetryable(e) && attempts < retry.maxAttempts()) {
          backoff(ctx, retry, attempts);
          if (slot.kind() != StepKind.COMPENSATION) {
            ctx.checkCancelled(); // a run asked to stop tries no more
          }
          continue;
        }
        String errorType = e.getClass().getName();
        String message = e.getMessage() == null ? "(no message)" : e.getMessage();
        ctx.record(slot.failed(errorType, message, attempts, ctx.millis()));
        throw new StepFailedException(ctx.runId(), slot.seq(), slot.name(), errorType, message, e);
      } finally {
        ctx.leaveBody();
      }
      String json;
      try {
        json = Json.write(value);
      } catch (JsonProcessingException e) {
        String message = "the output cannot be written as JSON: " + e.getOriginalMessage();
        ctx.record(slot.failed("output_not_serializable", message, attempts, ctx.millis()));
        throw new StepFailedException(
            ctx.runId(), slot.seq(), slot.name(), "output_not_serializable", message, e);
      }
      if (!durableFirst) {
        // a step that finished before its lazy executing entry was committed needs only its outcome
        written.cancel(false);
      }
      ctx.record(slot.completed(json, Outputs.typeName(value), attempts, ctx.millis()));
      return value;
    }
  }

  private static void backoff(RunContextImpl ctx, RetryPolicy retry, int attempt) {
    EngineClock clock = ctx.engine().clock();
    try {
      clock.sleepUntil(clock.now().plus(retry.backoffAfter(attempt)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RunAbandoned.stopping(e);
    }
  }

  private static boolean isInterruption(Throwable e) {
    return e instanceof InterruptedException || Thread.currentThread().isInterrupted();
  }
}
