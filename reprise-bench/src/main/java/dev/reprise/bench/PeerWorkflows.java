package dev.reprise.bench;

import dev.reprise.RunContext;
import dev.reprise.Workflow;

/** The Reprise side of the peers workloads: what each peer runs too, written as Reprise runs. */
final class PeerWorkflows {
  private PeerWorkflows() {}

  /** One durable step that reports to the {@link Tracker}: a single-step task. */
  static final class SingleStep implements Workflow<Integer, Integer> {
    @Override
    public String name() {
      return "bench-single-step-task";
    }

    @Override
    public Integer run(RunContext ctx, Integer task) {
      return ctx.step(
          "task",
          () -> {
            Tracker.done(task);
            return task;
          });
    }
  }

  /** Three durable no-op steps, the last of which reports to the {@link Tracker}. */
  static final class ThreeSteps implements Workflow<Integer, Integer> {
    @Override
    public String name() {
      return "bench-three-steps";
    }

    @Override
    public Integer run(RunContext ctx, Integer task) {
      ctx.step("one", () -> task);
      ctx.step("two", () -> task);
      return ctx.step(
          "three",
          () -> {
            Tracker.done(task);
            return task;
          });
    }
  }
}
