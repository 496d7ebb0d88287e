package dev.reprise.crash;

import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;

/**
 * Four steps, each with a compensation; a fifth step that always fails, so every run unwinds. Steps
 * and compensations each apply one keyed effect to the ledger.
 */
public final class UnwindingSaga implements Workflow<Integer, Integer> {
  static final int STEPS = 4;

  private final Ledger ledger;

  UnwindingSaga(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return "unwinding-saga";
  }

  @Override
  public Integer run(RunContext ctx, Integer input) {
    for (int seq = 1; seq <= STEPS; seq++) {
      int s = seq;
      ctx.step(
          "step-" + seq,
          () -> {
            ledger.apply(ctx.idempotencyKey(), ctx.runId(), s);
            return s;
          },
          // the compensation's own journal entry and key: seq 2 * STEPS + 2 - s
          done -> ledger.apply(ctx.idempotencyKey(), ctx.runId(), 2 * STEPS + 2 - s));
    }
    return ctx.step(
        "fail",
        StepOptions.retry(RetryPolicy.NONE),
        () -> {
          throw new IllegalStateException("the last step always fails");
        });
  }
}
