package dev.reprise.bench;

import dev.reprise.RunContext;
import dev.reprise.Workflow;

/** A workflow of {@code input} durable steps that do nothing; it returns how many it ran. */
final class NoOpSteps implements Workflow<Integer, Integer> {
  static final String NAME = "bench-noop-steps";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Integer run(RunContext ctx, Integer steps) {
    for (int i = 0; i < steps; i++) {
      ctx.step("noop", () -> null);
    }
    return steps;
  }
}
