package dev.reprise.examples;

import dev.reprise.RunContext;

/**
 * Applies the example workflows' effects to a {@link Ledger}, from inside a step body or a
 * compensation: keyed by {@link RunContext#idempotencyKey()}, and noting first whether the journal
 * already showed that entry completed (which would mean the engine ran a finished step again).
 */
public final class LedgerEffects {
  private final Ledger ledger;
  private final JournalCheck journal;

  public LedgerEffects(Ledger ledger, JournalCheck journal) {
    this.ledger = ledger;
    this.journal = journal;
  }

  /** Applies one effect of {@code amountCents} under the current entry's key; its reference. */
  public String apply(RunContext ctx, String effect, long amountCents) throws Exception {
    String key = ctx.idempotencyKey();
    int seq = Integer.parseInt(key.substring(key.lastIndexOf(':') + 1));
    boolean alreadyCompleted = journal.isCompleted(ctx.runId(), seq);
    long execution = ledger.startExecution(ctx.runId(), seq, effect, alreadyCompleted);
    return ledger.apply(execution, key, ctx.runId(), effect, amountCents);
  }
}
