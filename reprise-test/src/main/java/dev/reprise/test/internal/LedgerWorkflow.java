package dev.reprise.test.internal;

import dev.reprise.RecoveryPolicy;
import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.lang.reflect.Type;

/**
 * A user's workflow as the crash test runs it: the same name, types and recovery policy, with a
 * context that notes in a {@link BodyLedger} every step body and compensation that starts.
 */
public final class LedgerWorkflow<I, O> implements Workflow<I, O> {
  private final Workflow<I, O> workflow;
  private final BodyLedger ledger;

  public LedgerWorkflow(Workflow<I, O> workflow, BodyLedger ledger) {
    this.workflow = workflow;
    this.ledger = ledger;
  }

  @Override
  public String name() {
    return workflow.name();
  }

  @Override
  public O run(RunContext ctx, I input) throws Exception {
    return workflow.run(new LedgerContext(ctx, ledger), input);
  }

  @Override
  public Type inputType() {
    return workflow.inputType();
  }

  @Override
  public Type outputType() {
    return workflow.outputType();
  }

  @Override
  public RecoveryPolicy recoveryPolicy() {
    return workflow.recoveryPolicy();
  }
}
