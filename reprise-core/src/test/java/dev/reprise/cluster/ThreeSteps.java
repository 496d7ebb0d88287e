package dev.reprise.cluster;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Three steps, each applying one keyed effect and then working for a while. */
public final class ThreeSteps implements Workflow<Integer, Integer> {
  private final StepLedger ledger;
  private final long stepMillis;

  ThreeSteps(StepLedger ledger, long stepMillis) {
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
                // the step's work: it takes stepMillis
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(stepMillis));
                ledger.apply(ctx.runId() + ":" + s, ctx.runId(), s);
                return current + s;
              });
    }
    return total;
  }
}
