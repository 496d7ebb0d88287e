package dev.reprise.cluster;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Three steps with workflow code between them that takes a while (not journaled: it is the
 * workflow's own thinking), so that a node paused there starts its next body when it resumes:
 * unless it first finds out that its lease is gone. Every body start is noted in the ledger.
 */
public final class GatedSteps implements Workflow<Integer, Integer> {
  private final StepLedger ledger;
  private final long gapMillis;

  GatedSteps(StepLedger ledger, long gapMillis) {
    this.ledger = ledger;
    this.gapMillis = gapMillis;
  }

  @Override
  public String name() {
    return "gated-steps";
  }

  @Override
  public Integer run(RunContext ctx, Integer input) {
    int total = input;
    for (int seq = 1; seq <= 3; seq++) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(gapMillis));
      int current = total;
      int s = seq;
      total =
          ctx.step(
              "step-" + seq,
              () -> {
                ledger.started(ctx.runId(), s);
                ledger.apply(ctx.runId() + ":" + s, ctx.runId(), s);
                return current + s;
              });
    }
    return total;
  }
}
