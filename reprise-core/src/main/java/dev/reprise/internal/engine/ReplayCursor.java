package dev.reprise.internal.engine;

import dev.reprise.NondeterminismException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's journal as its replay walks it. Each call of the workflow takes the next position; where
 * the journal holds an entry there, it must be the same call (else {@link NondeterminismException}
 * names both). A mismatch is final: every later use of the cursor throws it again, whatever the
 * workflow did with the first one. An unwinding run replays only up to the end of its forward
 * journal ({@link ReplayStop}), to rebuild the compensations it then runs; those take the positions
 * after it.
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
  private NondeterminismException mismatch;

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
    requireNoMismatch();
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
    requireNoMismatch();
    StepInfo recorded = journal.get(nextSeq);
    if (recorded != null) {
      requireSame(nextSeq, recorded, step, StepKind.COMPENSATION);
    }
    return new Position(nextSeq++, recorded);
  }

  /**
   * The workflow returned: the replay must have reached the end of its forward journal. An entry
   * left after it is a call the code no longer makes, a mismatch (a run that was unwinding returns
   * only if its code changed, and may have done so before the end too).
   */
  void reachedEnd(String instead) {
    for (StepInfo s : new TreeMap<>(journal).values()) {
      if (s.seq() >= nextSeq && s.kind() != StepKind.COMPENSATION) {
        mismatch =
            new NondeterminismException(runId, s.seq(), describe(s.name(), s.kind()), instead);
        return;
      }
    }
  }

  /** The journal as read when the run was claimed, and what this execution wrote, by seq. */
  java.util.Collection<StepInfo> entries() {
    return new TreeMap<>(journal).values();
  }

  /** What the journal holds at the next position, or null where it holds nothing yet. */
  StepInfo peek() {
    return journal.get(nextSeq);
  }

  /** The seq the next call takes. */
  int nextSeq() {
    return nextSeq;
  }

  /** The entry at an earlier position, as recorded or as last written in this execution. */
  StepInfo entry(int seq) {
    requireNoMismatch();
    return journal.get(seq);
  }

  /** The mismatch this replay met, or null. */
  NondeterminismException mismatch() {
    return mismatch;
  }

  /** Throws the mismatch again, if the replay met one. */
  void requireNoMismatch() {
    if (mismatch != null) {
      throw new NondeterminismException(
          runId, mismatch.seq(), mismatch.recordedStep(), mismatch.requestedStep());
    }
  }

  /**
   * After a mismatch at {@code seq}: the steps and children at or after it that completed, whose
   * compensations the code that met the mismatch cannot know.
   */
  List<String> completedFrom(int seq) {
    List<String> names = new ArrayList<>();
    for (StepInfo s : new TreeMap<>(journal).values()) {
      if (s.seq() >= seq
          && s.status() == StepStatus.COMPLETED
          && (s.kind() == StepKind.STEP || s.kind() == StepKind.CHILD)) {
        names.add(s.name() + " (seq " + s.seq() + ")");
      }
    }
    return names;
  }

  /**
   * Moves past the forward journal, where the compensations of an unwinding go (a replay that
   * stopped at a mismatch has not reached its end).
   */
  void skipToCompensations() {
    int last = 0;
    for (StepInfo s : journal.values()) {
      if (s.kind() != StepKind.COMPENSATION) {
        last = Math.max(last, s.seq());
      }
    }
    nextSeq = Math.max(nextSeq, last + 1);
    mismatch = null;
  }

  /** Notes an entry written in this execution, for calls that read it again (awaiting a child). */
  void remember(int seq, StepInfo entry) {
    journal.put(seq, entry);
  }

  private void requireSame(int seq, StepInfo recorded, String name, StepKind kind) {
    if (!recorded.name().equals(name) || recorded.kind() != kind) {
      mismatch =
          new NondeterminismException(
              runId, seq, describe(recorded.name(), recorded.kind()), describe(name, kind));
      throw mismatch;
    }
  }

  private static String describe(String name, StepKind kind) {
    return switch (kind) {
      case COMPENSATION -> "compensation of " + name;
      case PATCH -> "patched(" + name + ")";
      default -> name;
    };
  }
}
