package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.NondeterminismException;
import dev.reprise.ReplayProblem;
import dev.reprise.RunInfo;
import dev.reprise.StepInfo;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.Store;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a run's journal against the code at hand without running anything: recorded outcomes are
 * returned, and where the run would do something new (a step body, a wait, a new position) the
 * check stops, the replay having matched so far. A mismatch on the way is the problem found.
 * Nothing is written, no body runs, no thread but the caller's is used.
 */
final class ReplayProbe {
  /** Thrown at the workflow where the live run would act: the replay reached its edge. */
  static final class LiveEdge extends Error {
    LiveEdge() {
      super("the replay reached the point where the run would act", null, false, false);
    }
  }

  private ReplayProbe() {}

  /**
   * @param run the run as read with its journal ({@code RunInfo.steps()})
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Optional<ReplayProblem> check(
      Store store, WorkflowRegistry registry, EngineClock clock, RunInfo run) {
    // what the engine would replay: an unwinding run (failed_compensation ones too, for a retry
    // of their compensations) only up to the end of its forward journal
    Workflow workflow = registry.find(run.workflow());
    if (workflow == null) {
      return problem(run, 0, "no workflow named '" + run.workflow() + "' in this code");
    }
    Object input;
    try {
      input = Json.readStrict(run.input(), Json.type(workflow.inputType()));
    } catch (JsonProcessingException e) {
      return problem(run, 0, "its input does not fit this code's type: " + Json.describe(e));
    } catch (IllegalArgumentException e) {
      return problem(run, 0, "its input does not fit this code's type: " + e.getMessage());
    }
    Map<Integer, StepInfo> journal = new HashMap<>();
    for (StepInfo s : run.steps()) { // the run is read with its journal
      journal.put(s.seq(), s);
    }
    boolean unwinding =
        run.status() == dev.reprise.RunStatus.COMPENSATING
            || run.status() == dev.reprise.RunStatus.FAILED_COMPENSATION;
    ClaimedRun claimed =
        new ClaimedRun(
            run.id(),
            run.workflow(),
            run.input(),
            2,
            unwinding,
            run.errorType(),
            run.errorMessage(),
            null,
            null,
            null,
            null);
    long now = System.nanoTime();
    Execution execution = new Execution(claimed, now, now);
    execution.thread = Thread.currentThread();
    RunContextImpl ctx =
        new RunContextImpl(
            execution,
            journal,
            new Probing(store, clock, registry),
            workflow.getClass().getClassLoader(),
            true);
    Throwable thrown = null;
    try {
      workflow.run(ctx, input);
    } catch (LiveEdge | ReplayStop edge) {
      // the live edge, or the engine taking the run back from code that went on after a mismatch
      NondeterminismException met = ctx.cursor().mismatch();
      return met == null ? Optional.empty() : problem(run, met.seq(), met.getMessage());
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable e) {
      thrown = e;
    }
    ctx.endForward(thrown instanceof NondeterminismException ? null : thrown);
    NondeterminismException mismatch = ctx.cursor().mismatch();
    if (mismatch != null) {
      return problem(run, mismatch.seq(), mismatch.getMessage());
    }
    return Optional.empty();
  }

  private static Optional<ReplayProblem> problem(RunInfo run, int seq, String what) {
    return Optional.of(new ReplayProblem(run.id(), run.workflow(), seq, what));
  }

  /** An engine for a replay that acts on nothing: reaching for it is reaching the live edge. */
  private record Probing(Store store, EngineClock clock, WorkflowRegistry registry)
      implements EngineContext {
    @Override
    public boolean isStopping() {
      return false;
    }

    @Override
    public Workflow<?, ?> workflow(String name) {
      return registry.find(name); // a child's workflow, to replay its start
    }

    @Override
    public void wake() {
      throw new LiveEdge();
    }

    @Override
    public void holds(Execution execution, long weight) {}

    @Override
    public void ensureLease(Execution execution) {
      throw new LiveEdge();
    }

    @Override
    public void takeOver(Execution execution, RunContextImpl ctx) {
      throw new LiveEdge();
    }

    @Override
    public Cancellations cancellations() {
      throw new LiveEdge();
    }
  }
}
