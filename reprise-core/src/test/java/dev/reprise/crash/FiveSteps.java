package dev.reprise.crash;

import dev.reprise.RunContext;
import dev.reprise.Workflow;

/** Five steps, each applying one keyed effect to the ledger. */
public final class FiveSteps implements Workflow<Integer, Integer> {
  private final Ledger ledger;

  FiveSteps(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return "five-steps";
  }

  @Override
  public Integer run(RunContext ctx, Integer input) {
    int total = input;
    for (int seq = 1; seq <= 5; seq++) {
      int current = total;
      int s = seq;
      total =
          ctx.step(
              "step-" + seq,
              () -> {
                ledger.apply(ctx.idempotencyKey(), ctx.runId(), s);
                return current + s;
              });
    }
    return total;
  }
}
