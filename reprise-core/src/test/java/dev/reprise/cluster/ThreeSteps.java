package dev.reprise.cluster;

import dev.reprise.RunContext;
import dev.reprise.Workflow;

/** Three steps, each applying one keyed effect and then working for a while. */
public final class ThreeSteps implements Workflow<Integer, Integer> {
  private final PgLedger ledger;
  private final long stepMillis;

  ThreeSteps(PgLedger ledger, long stepMillis) {
    this.ledger = ledger;
    this.stepMillis = stepMillis;
  }

  @Override
  public String name() {
    return "three-steps";
  }

  @Override
  public Integer run(RunContext ctx, Integer input) {
    int total = input;
    for (int seq = 1; seq <= 3; seq++) {
      int current = total;
      int s = seq;
      total =
          ctx.step(
              "step-" + seq,
              () -> {
                Thread.sleep(stepMillis); // the step's work
                ledger.apply(ctx.runId() + ":" + s, ctx.runId(), s);
                return current + s;
              });
    }
    return total;
  }
}
