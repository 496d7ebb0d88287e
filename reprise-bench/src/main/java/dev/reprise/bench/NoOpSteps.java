package dev.reprise.bench;

import dev.reprise.RunContext;
import dev.reprise.Workflow;

/**
 * A workflow of {@code input} durable steps that do nothing; it returns how many it ran. When given
 * a {@link Latencies}, it records how long each {@code ctx.step} call took, from the call until the
 * step's outcome is durable and the workflow goes on.
 */
final class NoOpSteps implements Workflow<Integer, Integer> {
  static final String NAME = "bench-noop-steps";

  private final Latencies latencies;

  NoOpSteps() {
    this(null);
  }

  NoOpSteps(Latencies latencies) {
    this.latencies = latencies;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Integer run(RunContext ctx, Integer steps) {
    for (int i = 0; i < steps; i++) {
      long start = System.nanoTime();
      ctx.step("noop", () -> null);
      if (latencies != null) {
        latencies.record(System.nanoTime() - start);
      }
    }
    return steps;
  }
}
