package dev.reprise.internal.store;

import dev.reprise.RunStatus;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.Wait;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every store contract starts from: a fresh store per test, and helpers that write runs and
 * entries the way the engine does. Each role's contract extends it; each dialect runs them all.
 */
public abstract class StoreFixture {
  protected Store store;

  /** A fresh, empty store. */
  protected abstract Store open();

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  /** Claims runs of workflow {@code wf}, any queue, with a 10 s lease. */
  protected List<ClaimedRun> claim(String owner, int max, long now) {
    return store.queue().claim(Claim.any(owner, List.of("wf"), max, now, 10_000));
  }

  /**
   * Inserts a run of workflow {@code wf} already running for node {@code n}, as a submit with a
   * free slot does.
   */
  protected ClaimedRun running(String id, long at) {
    store.queue().insert(newRun(id, null, at).ownedBy("n", 10_000));
    return ClaimedRun.forward(id, "wf", "\"in\"", 1, null, NewRun.DEFAULT_QUEUE);
  }

  /** A run that unwound and whose compensation failed for good. */
  protected ClaimedRun failedCompensation(String id, long at) {
    ClaimedRun r = running(id, at);
    store.journal().writeStep(step(id, 1, StepStatus.COMPLETED, "\"x\"", r.epoch()), true).join();
    store.journal().beginUnwinding(new Unwinding(id, r.epoch(), "E", "m", null, at)).join();
    store
        .journal()
        .writeStep(
            entry(id, 2, StepKind.COMPENSATION, "s1", StepStatus.FAILED, null, r.epoch()), true)
        .join();
    store.journal().endRun(end(id, r.epoch(), RunStatus.FAILED_COMPENSATION, at + 1)).join();
    return r;
  }

  /** A run that executed under node {@code n} and ended as {@code status} at {@code at}. */
  protected ClaimedRun ended(String id, RunStatus status, long at) {
    ClaimedRun r = running(id, at);
    store.journal().endRun(end(id, r.epoch(), status, at)).join();
    return r;
  }

  /** Parks a run held under {@code run.epoch()} to wait for {@code wait}, due never. */
  protected void park(ClaimedRun run, Wait wait, long at) {
    store.journal().park(new Parking(run.id(), run.epoch(), wait, Long.MAX_VALUE, at)).join();
  }

  protected static NewRun newRun(String id, String key, long at) {
    return NewRun.pending(id, "wf", "\"in\"", key, at);
  }

  protected static NewRun queued(String id, String queue, int priority, long at) {
    return newRun(id, null, at).inQueue(queue, priority);
  }

  protected static StepWrite step(
      String runId, int seq, StepStatus status, String output, long epoch) {
    return entry(runId, seq, StepKind.STEP, "s" + seq, status, output, epoch);
  }

  protected static StepWrite entry(
      String runId,
      int seq,
      StepKind kind,
      String name,
      StepStatus status,
      String output,
      long epoch) {
    return new StepWrite(
        runId,
        seq,
        name,
        kind,
        status,
        false,
        output,
        output == null ? null : "java.lang.String",
        status == StepStatus.FAILED ? "Boom" : null,
        status == StepStatus.FAILED ? "it broke" : null,
        1,
        epoch,
        10L,
        status == StepStatus.EXECUTING ? null : 20L,
        false);
  }

  protected static RunEnd end(String runId, long epoch, RunStatus status, long at) {
    return new RunEnd(
        runId,
        epoch,
        status,
        status == RunStatus.COMPLETED ? "1" : null,
        status == RunStatus.COMPLETED ? null : "Boom",
        status == RunStatus.COMPLETED ? null : "it broke",
        false,
        null,
        at,
        null);
  }

  protected RunStatus status(String runId) {
    return store.reads().run(runId, false).orElseThrow().status();
  }
}
