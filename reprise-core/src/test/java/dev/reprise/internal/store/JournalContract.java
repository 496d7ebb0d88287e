package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.Wait;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RunJournal}: an executor's writes, each fenced by the run's epoch. */
public abstract class JournalContract extends StoreFixture {

  @Test
  void aCompletedStepIsNeverOverwritten() {
    ClaimedRun r = running("r", 1);
    store.journal().writeStep(step("r", 1, StepStatus.EXECUTING, null, r.epoch()), false);
    store
        .journal()
        .writeStep(step("r", 1, StepStatus.COMPLETED, "\"first\"", r.epoch()), true)
        .join();
    store
        .journal()
        .writeStep(step("r", 1, StepStatus.COMPLETED, "\"second\"", r.epoch()), true)
        .join();
    store.journal().writeStep(step("r", 1, StepStatus.EXECUTING, null, r.epoch()), true).join();

    List<StepInfo> steps = store.reads().steps("r");
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).status()).isEqualTo(StepStatus.COMPLETED);
    assertThat(steps.get(0).output()).isEqualTo("\"first\"");
  }

  @Test
  void aLazyWriteRidesAlongWithTheNextUrgentOne() {
    ClaimedRun r = running("r", 1);
    var lazy =
        store.journal().writeStep(step("r", 1, StepStatus.EXECUTING, null, r.epoch()), false);
    store.journal().writeStep(step("r", 2, StepStatus.COMPLETED, "\"x\"", r.epoch()), true).join();

    assertThat(lazy).isDone();
    assertThat(store.reads().steps("r")).hasSize(2);
  }

  @Test
  void aFailingWriteFailsOnlyItsOwnCaller() {
    ClaimedRun r = running("r", 1);
    var good =
        store.journal().writeStep(step("r", 1, StepStatus.COMPLETED, "\"ok\"", r.epoch()), false);
    var orphan =
        store.journal().writeStep(step("no-such-run", 1, StepStatus.COMPLETED, "\"x\"", 1), true);

    assertThatThrownBy(orphan::join).hasCauseInstanceOf(LeaseLostException.class);
    assertThat(good.join()).isNull();
    assertThat(store.reads().steps("r")).hasSize(1);
  }

  @Test
  void aWriteUnderAnOldEpochIsFencedAndChangesNothing() {
    store.queue().insert(newRun("r", null, 1));
    ClaimedRun first = claim("zombie", 1, 5).get(0);
    store
        .journal()
        .writeStep(step("r", 1, StepStatus.COMPLETED, "\"zombie\"", first.epoch()), true)
        .join();
    // the zombie's lease expires and another node takes the run over
    store.queue().recover(new Recovery(Map.of(), 6, "zombie", true, 0));
    ClaimedRun second = claim("successor", 1, 7).get(0);
    assertThat(second.epoch()).isGreaterThan(first.epoch());

    var late =
        store
            .journal()
            .writeStep(step("r", 2, StepStatus.COMPLETED, "\"late\"", first.epoch()), true);
    assertThatThrownBy(late::join).hasCauseInstanceOf(LeaseLostException.class);
    assertThat(store.journal().endRun(end("r", first.epoch(), RunStatus.COMPLETED, 9)).join())
        .isFalse();
    assertThat(
            store
                .journal()
                .beginUnwinding(new Unwinding("r", first.epoch(), "Boom", "late", null, 9))
                .join())
        .isFalse();
    assertThat(
            store
                .journal()
                .park(new Parking("r", first.epoch(), new Wait.Child("c"), Long.MAX_VALUE, 9))
                .join())
        .isFalse();

    store
        .journal()
        .writeStep(step("r", 2, StepStatus.COMPLETED, "\"mine\"", second.epoch()), true)
        .join();
    assertThat(store.reads().steps("r"))
        .extracting(StepInfo::output)
        .containsExactly("\"zombie\"", "\"mine\"");
    assertThat(status("r")).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aRunEndIsRecordedOnceAndOnlyUnderTheEpochThatHoldsIt() {
    ClaimedRun claimed = running("r", 1);

    assertThat(store.journal().endRun(end("r", claimed.epoch() + 1, RunStatus.COMPLETED, 9)).join())
        .isFalse();
    assertThat(store.journal().endRun(end("r", claimed.epoch(), RunStatus.COMPLETED, 9)).join())
        .isTrue();
    assertThat(store.journal().endRun(end("r", claimed.epoch(), RunStatus.FAILED, 10)).join())
        .isFalse();
    RunInfo run = store.reads().run("r", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.output()).isEqualTo("1");
    assertThat(run.endedAt()).isEqualTo(Instant.ofEpochMilli(9));
  }

  @Test
  void anUnwindingRunCanEndOnlyFailedCancelledOrFailedCompensation() {
    ClaimedRun r = running("r", 1);
    assertThat(
            store
                .journal()
                .beginUnwinding(new Unwinding("r", r.epoch(), "Boom", "first", "1970 first", 5))
                .join())
        .isTrue();
    assertThat(
            store
                .journal()
                .beginUnwinding(new Unwinding("r", r.epoch(), "Other", "second", null, 6))
                .join())
        .as("already unwinding")
        .isFalse();
    assertThat(status("r")).isEqualTo(RunStatus.COMPENSATING);

    assertThat(store.journal().endRun(end("r", r.epoch(), RunStatus.COMPLETED, 9)).join())
        .as("an unwinding run never completes")
        .isFalse();
    assertThat(store.journal().endRun(end("r", r.epoch(), RunStatus.FAILED_COMPENSATION, 9)).join())
        .isTrue();
    RunInfo run = store.reads().run("r", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
    assertThat(run.errorType()).as("the first failure is kept").isEqualTo("Boom");
    assertThat(run.errorMessage()).isEqualTo("first");
    assertThat(run.failureReason()).isEqualTo("1970 first");
  }

  @Test
  void aRunningRunCannotEndFailedCompensation() {
    ClaimedRun r = running("r", 1);
    assertThatThrownBy(() -> store.journal().endRun(end("r", r.epoch(), RunStatus.PENDING, 9)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.journal().endRun(end("r", r.epoch(), RunStatus.FAILED_COMPENSATION, 9)).join())
        .isFalse();
    assertThat(status("r")).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aParkedRunWaitsHeldByNoOneWithItsWaitReadable() {
    ClaimedRun r = running("r", 1);
    Instant deadline = Instant.ofEpochMilli(5_000);
    assertThat(
            store
                .journal()
                .park(new Parking("r", r.epoch(), new Wait.Signal("approval", deadline), 5_000, 2))
                .join())
        .isTrue();

    RunInfo run = store.reads().run("r", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.WAITING);
    assertThat(run.waitingFor()).isEqualTo(new Wait.Signal("approval", deadline));
    assertThat(store.queue().nextWakeAt()).isEqualTo(5_000L);
    assertThat(claim("n", 1, 4_999)).as("not due yet").isEmpty();
    ClaimedRun again = claim("n", 1, 5_000).get(0);
    assertThat(again.epoch()).isGreaterThan(r.epoch());
    assertThat(store.reads().run("r", false).orElseThrow().waitingFor()).isNull();
  }

  @Test
  void aRunParkedForASignalThatAlreadyCameIsDueAtOnce() {
    ClaimedRun r = running("r", 1);
    store.operations().signal("r", "sig-1", "go", "true", 2);
    store
        .journal()
        .park(
            new Parking(
                "r", r.epoch(), new Wait.Signal("go", Instant.ofEpochMilli(9_000)), 9_000, 3))
        .join();

    assertThat(store.queue().nextWakeAt()).isEqualTo(3L);
  }

  @Test
  void aRunParkedForAChildThatAlreadyEndedIsDueAtOnce() {
    ClaimedRun child = running("child", 1);
    store.journal().endRun(end("child", child.epoch(), RunStatus.COMPLETED, 2)).join();
    ClaimedRun parent = running("parent", 3);
    store
        .journal()
        .park(new Parking("parent", parent.epoch(), new Wait.Child("child"), Long.MAX_VALUE, 4))
        .join();

    assertThat(store.queue().nextWakeAt()).isEqualTo(4L);
    assertThat(store.reads().run("parent", false).orElseThrow().waitingFor())
        .isEqualTo(new Wait.Child("child"));
  }

  @Test
  void aSignalIsConsumedOnceOldestFirstWithItsEntry() {
    ClaimedRun r = running("r", 1);
    store.operations().signal("r", "s1", "go", "1", 2);
    store.operations().signal("r", "s2", "go", "2", 3);
    StepWrite wait = entry("r", 1, StepKind.SIGNAL, "go", StepStatus.COMPLETED, null, r.epoch());

    assertThat(store.journal().consumeSignal(wait, "go")).contains("1");
    assertThat(store.journal().consumeSignal(wait, "other")).isEmpty();
    StepWrite next = entry("r", 2, StepKind.SIGNAL, "go", StepStatus.COMPLETED, null, r.epoch());
    assertThat(store.journal().consumeSignal(next, "go")).contains("2");
    assertThat(store.journal().consumeSignal(next, "go")).isEmpty();
    assertThat(store.reads().steps("r")).extracting(StepInfo::output).containsExactly("1", "2");
  }

  @Test
  void aSignalIsNotConsumedUnderALostEpoch() {
    ClaimedRun r = running("r", 1);
    store.operations().signal("r", "s1", "go", "1", 2);
    StepWrite stale =
        entry("r", 1, StepKind.SIGNAL, "go", StepStatus.COMPLETED, null, r.epoch() + 7);

    assertThatThrownBy(() -> store.journal().consumeSignal(stale, "go"))
        .isInstanceOf(LeaseLostException.class);
    StepWrite mine = entry("r", 1, StepKind.SIGNAL, "go", StepStatus.COMPLETED, null, r.epoch());
    assertThat(store.journal().consumeSignal(mine, "go")).contains("1");
  }

  @Test
  void aChildIsStartedOnceWithItsParentsEntry() {
    ClaimedRun parent = running("p", 1);
    StepWrite started =
        entry("p", 1, StepKind.CHILD, "wf", StepStatus.EXECUTING, "\"p:1\"", parent.epoch());
    NewRun child = NewRun.child("p:1", "wf", "1", 2, "p", 1, false);

    assertThat(store.journal().startChild(started, child).join()).isTrue();
    assertThat(store.journal().startChild(started, child).join()).as("a replay").isFalse();
    assertThat(status("p:1")).isEqualTo(RunStatus.PENDING);
    assertThat(store.reads().steps("p")).extracting(StepInfo::kind).containsExactly(StepKind.CHILD);

    var fenced =
        store
            .journal()
            .startChild(
                entry("p", 2, StepKind.CHILD, "wf", StepStatus.EXECUTING, "\"p:2\"", 99),
                NewRun.child("p:2", "wf", "1", 3, "p", 2, false));
    assertThatThrownBy(fenced::join).hasCauseInstanceOf(LeaseLostException.class);
    assertThat(store.reads().run("p:2", false)).isEmpty();
  }

  @Test
  void aChildsEndWakesItsWaitingParentInTheSameTransaction() {
    ClaimedRun parent = running("p", 1);
    store
        .journal()
        .startChild(
            entry("p", 1, StepKind.CHILD, "wf", StepStatus.EXECUTING, "\"p:1\"", parent.epoch()),
            NewRun.child("p:1", "wf", "1", 2, "p", 1, false))
        .join();
    store
        .journal()
        .park(new Parking("p", parent.epoch(), new Wait.Child("p:1"), Long.MAX_VALUE, 3))
        .join();
    assertThat(store.queue().nextWakeAt()).isEqualTo(Long.MAX_VALUE);

    ClaimedRun child = claim("n", 1, 4).get(0);
    assertThat(child.parentId()).isEqualTo("p");
    RunEnd ended =
        new RunEnd("p:1", child.epoch(), RunStatus.COMPLETED, "5", null, null, false, null, 6, "p");
    assertThat(store.journal().endRun(ended).join()).isTrue();

    assertThat(store.queue().nextWakeAt()).isEqualTo(6L);
    assertThat(claim("n", 1, 6)).extracting(ClaimedRun::id).containsExactly("p");
  }
}
