package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.NondeterminismException;
import dev.reprise.RepriseException;
import dev.reprise.RunStatus;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.Wait;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.Parking;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.RunEnd;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.Unwinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one claimed run on the calling thread: replay the journal, run on, and record the
 * outcome. A run that fails with compensations to run unwinds first: it is marked {@code
 * compensating} (durably, with the failure that started it), its compensations run, and it ends
 * {@code failed} or {@code cancelled} with {@code compensated}, or {@code failed_compensation}.
 */
final class RunExecutor {
  private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

  private final EngineContext engine;
  private final WorkflowRegistry registry;

  RunExecutor(EngineContext engine, WorkflowRegistry registry) {
    this.engine = engine;
    this.registry = registry;
  }

  /** Why the forward part of a run did not complete. */
  private record Failure(RunStatus status, String type, String message, String reason) {}

  /** Executes the run and records how it ended, if it did. */
  Outcome execute(Execution execution) {
    return recorded(execution, () -> drive(execution));
  }

  /**
   * Finishes a run whose workflow code went on after the engine unwound it (it caught what {@code
   * unwinding} threw, twice): the run ends, parks or is abandoned as that unwinding says, on the
   * run's own thread, which the caller then keeps from the workflow code for good.
   */
  Outcome takeOver(Execution execution, RunContextImpl ctx) {
    Throwable unwinding = ctx.endForward(null);
    log.atWarn()
        .setMessage("workflow_kept_running")
        .addKeyValue("event", "workflow_kept_running")
        .addKeyValue("run_id", execution.run.id())
        .addKeyValue("unwinding", unwinding.getClass().getSimpleName())
        .log();
    return recorded(execution, () -> settle(execution.run, ctx, unwinding));
  }

  private Outcome recorded(Execution execution, Supplier<Outcome> how) {
    ClaimedRun run = execution.run;
    try {
      Outcome outcome = how.get();
      if (outcome instanceof Outcome.Ended ended
          && !Futures.join(engine.store().journal().endRun(ended.end()))) {
        throw RunAbandoned.leaseLost(run.epoch(), null);
      }
      return outcome;
    } catch (RunAbandoned e) {
      boolean lost = e.why == RunAbandoned.Why.LEASE_LOST;
      log.atLevel(lost ? org.slf4j.event.Level.WARN : org.slf4j.event.Level.INFO)
          .setMessage(lost ? "lease_lost" : "run_abandoned")
          .addKeyValue("event", lost ? "lease_lost" : "run_abandoned")
          .addKeyValue("run_id", run.id())
          .addKeyValue("epoch", run.epoch())
          .addKeyValue("reason", e.getMessage())
          .log();
      return new Outcome.Abandoned(e.getMessage(), e.why);
    } catch (RepriseException e) {
      log.atWarn()
          .setMessage("run_end_not_recorded")
          .addKeyValue("event", "run_end_not_recorded")
          .addKeyValue("run_id", run.id())
          .setCause(e)
          .log();
      return new Outcome.Abandoned(
          "the end was not recorded: " + e.getMessage(), RunAbandoned.Why.STORE);
    } finally {
      execution.ended();
    }
  }

  /** Runs the workflow: the run is parked (recorded), or ends (to be recorded by the caller). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Outcome drive(Execution execution) {
    ClaimedRun run = execution.run;
    Workflow workflow = registry.find(run.workflow());
    if (workflow == null) {
      return failed(
          run, "unknown_workflow", "no workflow named '" + run.workflow() + "' is registered");
    }
    Object input;
    try {
      // the rule of submit, again: an input that no longer fits its type is not bent to fit
      input = Json.readStrict(run.inputJson(), Json.type(workflow.inputType()));
    } catch (JsonProcessingException e) {
      return failed(
          run,
          "invalid_input",
          "the input does not fit " + workflow.inputType().getTypeName() + ": " + Json.describe(e));
    } catch (IllegalArgumentException e) {
      return failed(
          run,
          "invalid_input",
          "the input does not fit " + workflow.inputType().getTypeName() + ": " + e.getMessage());
    }
    Map<Integer, StepInfo> journal = new HashMap<>();
    if (!run.isFirstClaim()) {
      for (StepInfo s : engine.store().reads().steps(run.id())) {
        journal.put(s.seq(), s);
      }
    }
    RunContextImpl ctx =
        new RunContextImpl(execution, journal, engine, workflow.getClass().getClassLoader());
    Object output = null;
    Throwable thrown = null;
    try {
      output = workflow.run(ctx, input);
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      thrown = e;
    }
    // what the engine threw first stands, whatever the workflow did with it
    Throwable unwinding = ctx.endForward(thrown);
    if (unwinding != null) {
      return settle(run, ctx, unwinding);
    }
    if (thrown != null) {
      return settle(run, ctx, thrown);
    }
    if (run.unwinding()) {
      return unwind(run, ctx, resumed(run), List.of());
    }
    if (ctx.isCancelled()) {
      // asked to stop after its last step began: the run ends cancelled, not completed
      return unwind(run, ctx, cancelled(ctx.cancelReason()), List.of());
    }
    return completed(run, output);
  }

  /** What follows when the workflow's forward part stopped with {@code e}. */
  private Outcome settle(ClaimedRun run, RunContextImpl ctx, Throwable e) {
    if (ctx.cursor().mismatch() != null) {
      return blocked(run, ctx); // whatever the workflow did with the mismatch, it returns nothing
    }
    Failure failure;
    switch (e) {
      case Suspend s -> {
        return park(run, s);
      }
      case RunAbandoned a -> throw a;
      case ReplayStop r -> failure = resumed(run);
      case CancelSignal c -> failure = cancelled(c.reason);
      case CorruptJournalException c -> {
        return failed(run, RunFailure.QUARANTINED, c.getMessage());
      }
      default -> failure = failure(run, e);
    }
    return unwind(run, ctx, failure, List.of());
  }

  /** The failure a throwable escaping the workflow stands for. */
  private Failure failure(ClaimedRun run, Throwable e) {
    if (engine.isStopping()
        && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
      throw RunAbandoned.stopping(e);
    }
    if (run.unwinding()) {
      return resumed(run);
    }
    if (e instanceof StepFailedException f) {
      String what = "step '" + f.step() + "' (seq " + f.seq() + ") failed: ";
      return new Failure(
          RunStatus.FAILED,
          f.errorType(),
          what + f.errorMessage(),
          what + f.errorType() + ": " + f.errorMessage());
    }
    return new Failure(
        RunStatus.FAILED,
        e.getClass().getName(),
        String.valueOf(e.getMessage()),
        "the workflow threw " + e.getClass().getName() + ": " + e.getMessage());
  }

  /**
   * The replay met a step its journal does not hold at that position: the code changed under the
   * run. The run waits for an operator, or for a deploy that fixes the code (every engine start
   * tries such runs again), holding no thread. If it was asked to stop, or was already unwinding,
   * it unwinds what this code knows; the steps it met at or after the mismatch cannot be undone by
   * this code, and an operator is told so ({@code failed_compensation}).
   */
  private Outcome blocked(ClaimedRun run, RunContextImpl ctx) {
    NondeterminismException mismatch = ctx.cursor().mismatch();
    String cancel = ctx.cancelReason();
    if (cancel == null && !run.unwinding()) {
      String reason =
          mismatch.getMessage()
              + ". The run waits: resume it once the code is fixed (every engine start tries it"
              + " again), or cancel it.";
      log.atWarn()
          .setMessage("run_blocked")
          .addKeyValue("event", "run_blocked")
          .addKeyValue("run_id", run.id())
          .addKeyValue("reason", mismatch.getMessage())
          .log();
      return park(
          run,
          new Suspend(new Wait.Operator(Wait.Operator.NONDETERMINISM, reason), Long.MAX_VALUE));
    }
    List<String> unknown = ctx.cursor().completedFrom(mismatch.seq());
    ctx.cursor().skipToCompensations();
    return unwind(run, ctx, run.unwinding() ? resumed(run) : cancelled(cancel), unknown);
  }

  private Outcome park(ClaimedRun run, Suspend s) {
    Parking parking = new Parking(run.id(), run.epoch(), s.waitFor, s.wakeAt, now());
    if (!Futures.join(engine.store().journal().park(parking))) {
      throw RunAbandoned.leaseLost(run.epoch(), null);
    }
    return new Outcome.Parked(s.waitFor);
  }

  private static Failure cancelled(String reason) {
    return new Failure(RunStatus.CANCELLED, RunFailure.CANCELLED, reason, "cancelled: " + reason);
  }

  /** The failure of a run that was already unwinding when it was taken back. */
  private static Failure resumed(ClaimedRun run) {
    RunStatus status =
        RunFailure.isCancel(run.errorType()) ? RunStatus.CANCELLED : RunStatus.FAILED;
    return new Failure(status, run.errorType(), run.errorMessage(), null);
  }

  /**
   * Ends a failed run, unwinding it first when it has compensations to run. {@code notUndone} names
   * completed steps whose compensations are unknown (met after a replay mismatch): the run then
   * unwinds what it can and ends {@code failed_compensation}, for an operator to look at.
   */
  private Outcome unwind(
      ClaimedRun run, RunContextImpl ctx, Failure failure, List<String> notUndone) {
    long now = now();
    if (!ctx.hasCompensations() && notUndone.isEmpty()) {
      return ended(
          run, failure.status(), null, failure, false, ReasonLine.of(now, failure.reason()));
    }
    if (!run.unwinding()) {
      Unwinding unwinding =
          new Unwinding(
              run.id(),
              run.epoch(),
              failure.type(),
              failure.message(),
              ReasonLine.of(now, failure.reason()),
              now);
      if (!Futures.join(engine.store().journal().beginUnwinding(unwinding))) {
        throw RunAbandoned.leaseLost(run.epoch(), null);
      }
      ctx.beganUnwinding();
    }
    CompensationFailure broken = ctx.compensate();
    String unknown =
        notUndone.isEmpty()
            ? null
            : "not undone: "
                + String.join(", ", notUndone)
                + " completed at or after a replay mismatch, so their compensations are"
                + " unknown to this code; undo them by hand, then resolve the run";
    if (broken != null) {
      return ended(
          run,
          RunStatus.FAILED_COMPENSATION,
          null,
          failure,
          false,
          ReasonLine.of(now(), broken.describe() + (unknown == null ? "" : "; also " + unknown)));
    }
    if (unknown != null) {
      return ended(
          run, RunStatus.FAILED_COMPENSATION, null, failure, false, ReasonLine.of(now(), unknown));
    }
    return ended(run, failure.status(), null, failure, true, null);
  }

  private Outcome completed(ClaimedRun run, Object output) {
    String json;
    try {
      json = Json.write(output);
    } catch (JsonProcessingException e) {
      return failed(
          run,
          "output_not_serializable",
          "the workflow's output cannot be written as JSON: " + e.getOriginalMessage());
    }
    return ended(run, RunStatus.COMPLETED, json, null, false, null);
  }

  private Outcome failed(ClaimedRun run, String type, String message) {
    Failure failure = new Failure(RunStatus.FAILED, type, message, type + ": " + message);
    return ended(
        run, RunStatus.FAILED, null, failure, false, ReasonLine.of(now(), failure.reason()));
  }

  private Outcome ended(
      ClaimedRun run,
      RunStatus status,
      String output,
      Failure failure,
      boolean compensated,
      String reasonLine) {
    return new Outcome.Ended(
        new RunEnd(
            run.id(),
            run.epoch(),
            status,
            output,
            failure == null ? null : failure.type(),
            failure == null ? null : failure.message(),
            compensated,
            reasonLine,
            now(),
            run.parentId()));
  }

  private long now() {
    return engine.clock().now().toEpochMilli();
  }
}
