package dev.reprise.internal.engine;

import dev.reprise.NondeterminismException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import java.util.Map;

/**
 * A run's journal as its replay walks it. Each call of the workflow takes the next position; where
 * the journal holds an entry there, it must be the same call (else {@link NondeterminismException}
 * names both). An unwinding run replays only up to the end of its forward journal ({@link
 * ReplayStop}), to rebuild the compensations it then runs; those take the positions after it.
 */
final class ReplayCursor {
  /** A journal position taken by a call: its seq, and its entry when the journal has one. */
  record Position(int seq, StepInfo recorded) {
    /** How many times the entry's body was started before, across restarts. */
    int attempts() {
      return recorded == null ? 0 : recorded.attempts();
    }
  }

  private final String runId;
  private final boolean unwinding;
  private final Map<Integer, StepInfo> journal;
  private int nextSeq = 1;

  ReplayCursor(String runId, boolean unwinding, Map<Integer, StepInfo> journal) {
    this.runId = runId;
    this.unwinding = unwinding;
    this.journal = journal;
  }

  /**
   * The next position of the workflow's own calls. {@code beforeNew} runs before a position the
   * journal does not hold is taken (a cancel check: a seq left without an entry would shift the
   * compensations that follow against a later replay).
   */
  Position forward(String name, StepKind kind, Runnable beforeNew) {
    StepInfo recorded = journal.get(nextSeq);
    if (unwinding && (recorded == null || recorded.kind() == StepKind.COMPENSATION)) {
      throw new ReplayStop();
    }
    if (recorded == null) {
      beforeNew.run();
    } else {
      requireSame(nextSeq, recorded, name, kind);
    }
    return new Position(nextSeq++, recorded);
  }

  /** The next position of a compensation, after the forward journal. */
  Position compensation(String step) {
    StepInfo recorded = journal.get(nextSeq);
    if (recorded != null) {
      requireSame(nextSeq, recorded, step, StepKind.COMPENSATION);
    }
    return new Position(nextSeq++, recorded);
  }

  /** The seq the next call takes. */
  int nextSeq() {
    return nextSeq;
  }

  /** The entry at an earlier position, as recorded or as last written in this execution. */
  StepInfo entry(int seq) {
    return journal.get(seq);
  }

  /** Notes an entry written in this execution, for calls that read it again (awaiting a child). */
  void remember(int seq, StepInfo entry) {
    journal.put(seq, entry);
  }

  private void requireSame(int seq, StepInfo recorded, String name, StepKind kind) {
    if (!recorded.name().equals(name) || recorded.kind() != kind) {
      throw new NondeterminismException(
          runId, seq, describe(recorded.name(), recorded.kind()), describe(name, kind));
    }
  }

  private static String describe(String name, StepKind kind) {
    return kind == StepKind.COMPENSATION ? "compensation of " + name : name;
  }
}
