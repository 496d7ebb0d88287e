package dev.reprise.internal.engine;

import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.internal.engine.ReplayCursor.Position;

/**
 * One kind of journal entry, as a call of the workflow makes it: how it runs when the journal does
 * not hold its outcome, and how a recorded outcome is replayed. {@link RunContextImpl#call} takes
 * the position and applies the rule shared by every kind: completed, replay the output; failed, the
 * failure again; otherwise (none yet, started, or reset by recovery), run. Adding a kind of entry
 * is a subclass and one {@code RunContext} method.
 */
abstract class JournalCall<T> {
  final String name;
  final StepKind kind;

  JournalCall(String name, StepKind kind) {
    this.name = name;
    this.kind = kind;
  }

  /** The recorded output of a completed entry. */
  abstract T completed(RunContextImpl ctx, Position at);

  /** A failed entry: by default its failure, thrown again as the workflow first saw it. */
  T failed(RunContextImpl ctx, Position at) {
    StepInfo r = at.recorded();
    throw new StepFailedException(
        ctx.runId(), at.seq(), name, r.errorType(), r.errorMessage(), null);
  }

  /** Runs the entry: none is recorded yet, or it was started and has not ended. */
  abstract T run(RunContextImpl ctx, Position at);
}
