package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.RecoveryReport;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.StoreUnavailableException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every store must have. One subclass per dialect. */
public abstract class StoreContract {
  protected Store store;

  protected abstract Store open();

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static NewRun newRun(String id, String key, long at) {
    return NewRun.pending(id, "wf", "\"in\"", key, at);
  }

  private static StepWrite step(
      String runId, int seq, StepStatus status, String output, long epoch) {
    return new StepWrite(
        runId,
        seq,
        "s" + seq,
        StepKind.STEP,
        status,
        false,
        output,
        output == null ? null : "java.lang.String",
        null,
        null,
        1,
        epoch,
        10L,
        status == StepStatus.EXECUTING ? null : 20L);
  }

  @Test
  void insertingARunIsIdempotentByIdAndByKey() {
    assertThat(store.insertRun(newRun("r1", "k1", 1))).isEqualTo(new InsertResult("r1", true));
    assertThat(store.insertRun(newRun("r1", null, 2))).isEqualTo(new InsertResult("r1", false));
    assertThat(store.insertRun(newRun("r2", "k1", 3))).isEqualTo(new InsertResult("r1", false));
    assertThat(store.runs(RunFilter.all())).extracting(RunInfo::id).containsExactly("r1");
  }

  @Test
  void claimingTakesTheOldestPendingRunsOfKnownWorkflowsAndBumpsTheEpoch() {
    store.insertRun(newRun("old", null, 1));
    store.insertRun(newRun("new", null, 2));
    store.insertRun(NewRun.pending("other", "unknown-wf", "1", null, 0));

    List<ClaimedRun> first = store.claimPending("node-a", List.of("wf"), 1, 100);
    assertThat(first).containsExactly(ClaimedRun.forward("old", "wf", "\"in\"", 1, null));
    List<ClaimedRun> rest = store.claimPending("node-a", List.of("wf"), 10, 100);
    assertThat(rest).extracting(ClaimedRun::id).containsExactly("new");
    assertThat(store.claimPending("node-a", List.of("wf"), 10, 100)).isEmpty();
    assertThat(store.run("other", false).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
    assertThat(store.run("old", false).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aRunInsertedForAnOwnerIsRunningUnderEpochOneAndNotClaimedAgain() {
    assertThat(store.insertRun(new NewRun("mine", "wf", "1", null, 7, "node-a")).created())
        .isTrue();

    RunInfo run = store.run("mine", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.startedAt()).isNotNull();
    assertThat(store.claimPending("node-b", List.of("wf"), 10, 8)).isEmpty();
    assertThat(
            store
                .endRun(new RunEnd("mine", 1, RunStatus.COMPLETED, "2", null, null, false, null, 9))
                .join())
        .isTrue();
  }

  @Test
  void aCompletedStepIsNeverOverwritten() {
    store.insertRun(newRun("r", null, 1));
    store.claimPending("n", List.of("wf"), 1, 5);
    store.writeStep(step("r", 1, StepStatus.EXECUTING, null, 1), false);
    store.writeStep(step("r", 1, StepStatus.COMPLETED, "\"first\"", 1), true).join();
    store.writeStep(step("r", 1, StepStatus.COMPLETED, "\"second\"", 1), true).join();
    store.writeStep(step("r", 1, StepStatus.EXECUTING, null, 1), true).join();

    List<StepInfo> steps = store.steps("r");
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(steps.get(0).output()).isEqualTo("\"first\"");
  }

  @Test
  void aLazyWriteRidesAlongWithTheNextUrgentOne() {
    store.insertRun(newRun("r", null, 1));
    store.claimPending("n", List.of("wf"), 1, 5);
    var lazy = store.writeStep(step("r", 1, StepStatus.EXECUTING, null, 1), false);
    store.writeStep(step("r", 2, StepStatus.COMPLETED, "\"x\"", 1), true).join();

    assertThat(lazy).isDone();
    assertThat(store.steps("r")).hasSize(2);
  }

  @Test
  void aRunEndIsRecordedOnlyUnderTheEpochThatHoldsIt() {
    store.insertRun(newRun("r", null, 1));
    ClaimedRun claimed = store.claimPending("n", List.of("wf"), 1, 5).get(0);

    assertThat(
            store
                .endRun(
                    new RunEnd(
                        "r",
                        claimed.epoch() + 1,
                        RunStatus.COMPLETED,
                        "1",
                        null,
                        null,
                        false,
                        null,
                        9))
                .join())
        .isFalse();
    assertThat(
            store
                .endRun(
                    new RunEnd(
                        "r", claimed.epoch(), RunStatus.COMPLETED, "1", null, null, false, null, 9))
                .join())
        .isTrue();
    assertThat(
            store
                .endRun(
                    new RunEnd(
                        "r", claimed.epoch(), RunStatus.FAILED, null, "x", "y", false, null, 10))
                .join())
        .isFalse();
    RunInfo run = store.run("r", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.output()).isEqualTo("1");
  }

  @Test
  void recoveryResetsExecutingStepsRestartsRunsAndQuarantines() {
    store.insertRun(newRun("a", null, 1));
    store.insertRun(newRun("b", null, 2));
    store.insertRun(newRun("done", null, 3));
    store.claimPending("n", List.of("wf"), 3, 5);
    store.writeStep(step("a", 1, StepStatus.COMPLETED, "\"x\"", 1), true).join();
    store.writeStep(step("a", 2, StepStatus.EXECUTING, null, 1), true).join();
    store.writeStep(step("done", 1, StepStatus.EXECUTING, null, 1), true).join();
    store
        .endRun(new RunEnd("done", 1, RunStatus.COMPLETED, "1", null, null, false, null, 9))
        .join();

    assertThat(store.interruptedRuns()).extracting(RunHead::id).containsExactlyInAnyOrder("a", "b");
    RecoveryReport report = store.recover(new Recovery(Map.of("b", "bad"), 50));

    assertThat(report).isEqualTo(new RecoveryReport(1, 1, 0, 1));
    assertThat(store.steps("a"))
        .extracting(StepInfo::status)
        .containsExactly(StepStatus.COMPLETED, StepStatus.PENDING);
    assertThat(store.run("a", false).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
    assertThat(store.run("a", false).orElseThrow().recoveries()).isEqualTo(1);
    assertThat(store.run("b", false).orElseThrow().errorType()).isEqualTo("quarantined");
    assertThat(store.steps("done"))
        .extracting(StepInfo::status)
        .as("finished runs untouched")
        .containsExactly(StepStatus.EXECUTING);
    assertThat(store.run("a", true).orElseThrow().steps()).hasSize(2);
  }

  @Test
  void listingIsNewestFirstAndFiltered() {
    store.insertRun(newRun("r1", null, 1));
    store.insertRun(newRun("r2", null, 2));
    store.insertRun(NewRun.pending("r3", "other", "1", null, 3));

    assertThat(store.runs(RunFilter.all()))
        .extracting(RunInfo::id)
        .containsExactly("r3", "r2", "r1");
    assertThat(store.runs(RunFilter.all().withWorkflow("wf")))
        .extracting(RunInfo::id)
        .containsExactly("r2", "r1");
    assertThat(store.runs(RunFilter.all().withStatus(RunStatus.RUNNING))).isEmpty();
    assertThat(store.runs(RunFilter.all().withLimit(2))).hasSize(2);
  }

  @Test
  void anUnknownRunIsEmpty() {
    assertThat(store.run("nope", true)).isEmpty();
    assertThat(store.steps("nope")).isEmpty();
  }

  @Test
  void aFailingWriteFailsOnlyItsOwnCaller() {
    store.insertRun(newRun("r", null, 1));
    var good = store.writeStep(step("r", 1, StepStatus.COMPLETED, "\"ok\"", 1), false);
    var orphan = store.writeStep(step("no-such-run", 1, StepStatus.COMPLETED, "\"x\"", 1), true);

    assertThatThrownBy(orphan::join).hasCauseInstanceOf(StoreUnavailableException.class);
    assertThat(good.join()).isNull();
    assertThat(store.steps("r")).hasSize(1);
  }
}
