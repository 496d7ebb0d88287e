package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.NondeterminismException;
import dev.reprise.RepriseException;
import dev.reprise.RunStatus;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Futures;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.RunEnd;
import java.util.HashMap;
import java.util.Map;
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

  /** How the forward part of a run ended. Null from {@link #finish} means it waits. */
  private record Failure(RunStatus status, String type, String message, String reason) {}

  /**
   * Executes the run; true when its outcome was recorded (the caller then tells those waiting for
   * it, after giving back its slot, so that a waiter's next submit finds the slot free).
   */
  boolean execute(ClaimedRun run) {
    try {
      RunEnd end = finish(run);
      if (end == null) {
        return false;
      }
      if (!Futures.join(engine.store().endRun(end))) {
        throw RunAbandoned.leaseLost(run.epoch(), null);
      }
      return true;
    } catch (RunAbandoned e) {
      if (e.leaseLost) {
        log.atWarn()
            .setMessage("lease_lost")
            .addKeyValue("event", "lease_lost")
            .addKeyValue("run_id", run.id())
            .addKeyValue("epoch", run.epoch())
            .addKeyValue("reason", e.getMessage())
            .log();
        return false;
      }
      log.atInfo()
          .setMessage("run_abandoned")
          .addKeyValue("event", "run_abandoned")
          .addKeyValue("run_id", run.id())
          .addKeyValue("reason", e.getMessage())
          .log();
    } catch (RepriseException e) {
      log.atWarn()
          .setMessage("run_end_not_recorded")
          .addKeyValue("event", "run_end_not_recorded")
          .addKeyValue("run_id", run.id())
          .setCause(e)
          .log();
    }
    return false;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private RunEnd finish(ClaimedRun run) {
    Workflow workflow = registry.find(run.workflow());
    if (workflow == null) {
      return failed(
          run, "unknown_workflow", "no workflow named '" + run.workflow() + "' is registered");
    }
    Object input;
    try {
      input = Json.readLenient(run.inputJson(), Json.type(workflow.inputType()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return failed(
          run,
          "invalid_input",
          "the input does not fit " + workflow.inputType().getTypeName() + ": " + e.getMessage());
    }
    Map<Integer, StepInfo> journal = new HashMap<>();
    if (!run.isFirstClaim()) {
      for (StepInfo s : engine.store().steps(run.id())) {
        journal.put(s.seq(), s);
      }
    }
    RunContextImpl ctx =
        new RunContextImpl(run, journal, engine, workflow.getClass().getClassLoader());
    Failure failure;
    try {
      Object output = workflow.run(ctx, input);
      if (run.unwinding()) {
        failure = resumed(run);
      } else if (ctx.isCancelled()) {
        // asked to stop after its last step began: the run ends cancelled, not completed
        failure = cancelled(ctx.cancelReason());
      } else {
        return completed(run, output);
      }
    } catch (RunAbandoned | VirtualMachineError e) {
      throw e;
    } catch (Suspend e) {
      long now = now();
      if (!Futures.join(engine.store().suspend(run.id(), run.epoch(), e.wakeAt, e.reason, now))) {
        throw RunAbandoned.leaseLost(run.epoch(), null);
      }
      engine.timersChanged();
      return null;
    } catch (ReplayStop e) {
      failure = resumed(run);
    } catch (CancelSignal e) {
      failure = cancelled(e.reason);
    } catch (NondeterminismException e) {
      return failed(run, "nondeterminism", e.getMessage());
    } catch (CorruptJournalException e) {
      return failed(run, "quarantined", e.getMessage());
    } catch (StepFailedException e) {
      failure =
          run.unwinding()
              ? resumed(run)
              : new Failure(
                  RunStatus.FAILED,
                  e.errorType(),
                  "step '" + e.step() + "' (seq " + e.seq() + ") failed: " + e.errorMessage(),
                  "step '"
                      + e.step()
                      + "' (seq "
                      + e.seq()
                      + ") failed: "
                      + e.errorType()
                      + ": "
                      + e.errorMessage());
    } catch (Throwable e) {
      if (engine.isStopping()
          && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
        throw new RunAbandoned("engine stopping", e);
      }
      failure =
          run.unwinding()
              ? resumed(run)
              : new Failure(
                  RunStatus.FAILED,
                  e.getClass().getName(),
                  String.valueOf(e.getMessage()),
                  "the workflow threw " + e.getClass().getName() + ": " + e.getMessage());
    }
    return unwind(run, ctx, failure);
  }

  private static Failure cancelled(String reason) {
    return new Failure(RunStatus.CANCELLED, "cancelled", reason, "cancelled: " + reason);
  }

  /** The failure of a run that was already unwinding when it was taken back. */
  private static Failure resumed(ClaimedRun run) {
    RunStatus status = "cancelled".equals(run.errorType()) ? RunStatus.CANCELLED : RunStatus.FAILED;
    return new Failure(status, run.errorType(), run.errorMessage(), null);
  }

  private RunEnd unwind(ClaimedRun run, RunContextImpl ctx, Failure failure) {
    long now = now();
    if (!ctx.hasCompensations()) {
      return new RunEnd(
          run.id(),
          run.epoch(),
          failure.status(),
          null,
          failure.type(),
          failure.message(),
          false,
          ReasonLine.of(now, failure.reason()),
          now,
          run.parentId());
    }
    if (!run.unwinding()) {
      boolean held =
          Futures.join(
              engine
                  .store()
                  .beginUnwinding(
                      run.id(),
                      run.epoch(),
                      failure.type(),
                      failure.message(),
                      ReasonLine.of(now, failure.reason()),
                      now));
      if (!held) {
        throw RunAbandoned.leaseLost(run.epoch(), null);
      }
    }
    CompensationFailure broken = ctx.compensate();
    long end = now();
    if (broken == null) {
      return new RunEnd(
          run.id(),
          run.epoch(),
          failure.status(),
          null,
          failure.type(),
          failure.message(),
          true,
          null,
          end,
          run.parentId());
    }
    return new RunEnd(
        run.id(),
        run.epoch(),
        RunStatus.FAILED_COMPENSATION,
        null,
        failure.type(),
        failure.message(),
        false,
        ReasonLine.of(end, broken.describe()),
        end,
        run.parentId());
  }

  private RunEnd completed(ClaimedRun run, Object output) {
    try {
      return new RunEnd(
          run.id(),
          run.epoch(),
          RunStatus.COMPLETED,
          Json.write(output),
          null,
          null,
          false,
          null,
          now(),
          run.parentId());
    } catch (JsonProcessingException e) {
      return failed(
          run,
          "output_not_serializable",
          "the workflow's output cannot be written as JSON: " + e.getOriginalMessage());
    }
  }

  private RunEnd failed(ClaimedRun run, String type, String message) {
    long now = now();
    return new RunEnd(
        run.id(),
        run.epoch(),
        RunStatus.FAILED,
        null,
        type,
        message,
        false,
        ReasonLine.of(now, type + ": " + message),
        now,
        run.parentId());
  }

  private long now() {
    return engine.clock().now().toEpochMilli();
  }
}
