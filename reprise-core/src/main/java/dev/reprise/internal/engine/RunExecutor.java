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
import dev.reprise.internal.store.RunEnd;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one claimed run on the calling thread: replay the journal, run on, record the outcome.
 */
final class RunExecutor {
  private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

  private final EngineContext engine;
  private final WorkflowRegistry registry;
  private final RunEnds ends;

  RunExecutor(EngineContext engine, WorkflowRegistry registry, RunEnds ends) {
    this.engine = engine;
    this.registry = registry;
    this.ends = ends;
  }

  void execute(ClaimedRun run) {
    try {
      Outcome outcome = outcome(run);
      long now = engine.clock().now().toEpochMilli();
      RunEnd end =
          new RunEnd(
              run.id(),
              run.epoch(),
              outcome.status,
              outcome.output,
              outcome.errorType,
              outcome.errorMessage,
              now);
      if (!Futures.join(engine.store().endRun(end))) {
        log.atWarn()
            .setMessage("run_end_fenced")
            .addKeyValue("event", "run_end_fenced")
            .addKeyValue("run_id", run.id())
            .addKeyValue("epoch", run.epoch())
            .log();
      }
      ends.ended(run.id());
    } catch (RunAbandoned e) {
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
  }

  private record Outcome(RunStatus status, String output, String errorType, String errorMessage) {
    static Outcome failed(String type, String message) {
      return new Outcome(RunStatus.FAILED, null, type, message);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Outcome outcome(ClaimedRun run) {
    Workflow workflow = registry.find(run.workflow());
    if (workflow == null) {
      return Outcome.failed(
          "unknown_workflow", "no workflow named '" + run.workflow() + "' is registered");
    }
    Object input;
    try {
      input = Json.readLenient(run.inputJson(), Json.type(workflow.inputType()));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Outcome.failed(
          "invalid_input",
          "the input does not fit " + workflow.inputType().getTypeName() + ": " + e.getMessage());
    }
    Map<Integer, StepInfo> journal = new HashMap<>();
    if (!run.isFirstClaim()) {
      List<StepInfo> steps = engine.store().steps(run.id());
      for (StepInfo s : steps) {
        journal.put(s.seq(), s);
      }
    }
    RunContextImpl ctx =
        new RunContextImpl(run, journal, engine, workflow.getClass().getClassLoader());
    Object output;
    try {
      output = workflow.run(ctx, input);
    } catch (RunAbandoned | VirtualMachineError e) {
      throw e;
    } catch (NondeterminismException e) {
      return Outcome.failed("nondeterminism", e.getMessage());
    } catch (CorruptJournalException e) {
      return Outcome.failed("quarantined", e.getMessage());
    } catch (StepFailedException e) {
      return Outcome.failed(e.errorType(), e.getMessage());
    } catch (Throwable e) {
      if (engine.isStopping()
          && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
        throw new RunAbandoned("engine stopping", e);
      }
      return Outcome.failed(e.getClass().getName(), String.valueOf(e.getMessage()));
    }
    try {
      return new Outcome(RunStatus.COMPLETED, Json.write(output), null, null);
    } catch (JsonProcessingException e) {
      return Outcome.failed(
          "output_not_serializable",
          "the workflow's output cannot be written as JSON: " + e.getOriginalMessage());
    }
  }
}
