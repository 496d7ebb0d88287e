package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.SweepReport;
import dev.reprise.Wait;
import dev.reprise.internal.store.Operations.Change;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Operations}: what an operator does, each allowed only from the statuses it names. */
public abstract class OperationsContract extends StoreFixture {

  @Test
  void vacuumDeletesOnlyRunsThatEndedAndNeedNobodyBeforeTheCutoff() {
    for (int i = 0; i < 5; i++) {
      ClaimedRun r = running("old-" + i, i);
      store
          .journal()
          .writeStep(step("old-" + i, 1, StepStatus.COMPLETED, "1", r.epoch()), true)
          .join();
      store.journal().endRun(end("old-" + i, r.epoch(), RunStatus.COMPLETED, 10 + i)).join();
    }
    ClaimedRun recent = running("recent", 20);
    store.journal().endRun(end("recent", recent.epoch(), RunStatus.FAILED, 100)).join();
    failedCompensation("broken", 30);
    store.queue().insert(newRun("pending", null, 40));

    assertThat(store.operations().vacuum(50, 2)).isEqualTo(5);
    assertThat(store.reads().runs(dev.reprise.RunFilter.all()))
        .extracting(RunInfo::id)
        .containsExactlyInAnyOrder("recent", "broken", "pending");
    assertThat(store.reads().steps("old-0")).as("steps go with their run").isEmpty();
  }

  @Test
  void markingFailedCompensationFencesTheHolderAndKeepsEveryReason() {
    ClaimedRun r = running("r", 1);
    store.journal().beginUnwinding(new Unwinding("r", r.epoch(), "E", "m", "t1 first", 2)).join();

    assertThat(store.operations().markFailedCompensation("r", "t2 stuck", 3))
        .isEqualTo(Change.DONE);
    RunInfo run = store.reads().run("r", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
    assertThat(run.failureReason()).isEqualTo("t1 first\nt2 stuck");
    assertThat(store.journal().endRun(end("r", r.epoch(), RunStatus.FAILED, 4)).join())
        .as("the executor that held it is fenced out")
        .isFalse();
    assertThat(store.operations().markFailedCompensation("nope", "x", 5))
        .isEqualTo(Change.NOT_FOUND);
    store.queue().insert(newRun("p", null, 6));
    assertThat(store.operations().markFailedCompensation("p", "x", 7))
        .isEqualTo(Change.WRONG_STATUS);
  }

  @Test
  void retryingACompensationPutsTheRunBackToUnwindWithItsFailedCompensationsPending() {
    failedCompensation("r", 1);

    assertThat(store.operations().retryCompensation("r", "t retried", 5)).isEqualTo(Change.DONE);
    assertThat(status("r")).isEqualTo(RunStatus.COMPENSATING);
    assertThat(store.reads().steps("r"))
        .extracting(StepInfo::status)
        .containsExactly(StepStatus.COMPLETED, StepStatus.PENDING);
    assertThat(claim("m", 1, 6).get(0).unwinding()).isTrue();
    assertThat(store.operations().retryCompensation("r", "again", 7))
        .isEqualTo(Change.WRONG_STATUS);
  }

  @Test
  void resumingARunWaitingForAnOperatorMakesItDueWithItsInterruptedEntrysAttemptsBack() {
    ClaimedRun r = running("r", 1);
    store.journal().writeStep(step("r", 1, StepStatus.COMPLETED, "\"x\"", r.epoch()), true).join();
    // the entry its process kept dying in: each crash used an attempt, recovery left it pending
    store
        .journal()
        .writeStep(
            new StepWrite(
                "r",
                2,
                "s2",
                StepKind.STEP,
                StepStatus.PENDING,
                false,
                null,
                null,
                null,
                null,
                3,
                r.epoch(),
                10L,
                null,
                false),
            true)
        .join();
    Wait quarantined = new Wait.Operator(Wait.Operator.CRASH_LOOP, "quarantined: s2");
    // a park is written lazily (with the next urgent write, or after the linger): wait for it
    assertThat(
            store
                .journal()
                .park(new Parking("r", r.epoch(), quarantined, Long.MAX_VALUE, 2))
                .join())
        .isTrue();
    assertThat(claim("m", 1, 3)).as("waiting for an operator, it is never due").isEmpty();

    assertThat(store.operations().resume("r", "t resumed", 4)).isEqualTo(Change.DONE);

    assertThat(store.reads().steps("r"))
        .extracting(StepInfo::seq, StepInfo::status, StepInfo::attempts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, StepStatus.COMPLETED, 1),
            org.assertj.core.groups.Tuple.tuple(2, StepStatus.PENDING, 0));
    assertThat(claim("m", 1, 5)).extracting(ClaimedRun::id).containsExactly("r");
    assertThat(store.operations().resume("r", "again", 6)).isEqualTo(Change.WRONG_STATUS);
  }

  @Test
  void resolvingEndsAFailedCompensationFailedWithTheNote() {
    failedCompensation("r", 1);

    assertThat(store.operations().resolve("r", "refunded by hand", "t resolved", 5))
        .isEqualTo(Change.DONE);
    RunInfo run = store.reads().run("r", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.resolution()).isEqualTo("refunded by hand");
    assertThat(store.operations().resolve("r", "again", null, 6)).isEqualTo(Change.WRONG_STATUS);
    assertThat(store.operations().resolve("nope", "x", null, 6)).isEqualTo(Change.NOT_FOUND);
  }

  @Test
  void cancellingEndsAPendingRunAndAsksAStartedOneToStop() {
    store.queue().insert(newRun("pending", null, 1));
    assertThat(store.operations().cancel("pending", "no", "t cancelled", 2)).isEqualTo(Change.DONE);
    RunInfo cancelled = store.reads().run("pending", false).orElseThrow();
    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(cancelled.errorType()).isEqualTo("cancelled");

    ClaimedRun waiting = running("waiting", 3);
    store
        .journal()
        .park(
            new Parking(
                "waiting", waiting.epoch(), new Wait.Sleep(Instant.ofEpochMilli(9_000)), 9_000, 4))
        .join();
    assertThat(store.operations().cancel("waiting", "stop", null, 5)).isEqualTo(Change.DONE);
    assertThat(store.queue().nextWakeAt()).as("made due to see the request").isEqualTo(5L);
    assertThat(claim("n", 1, 5).get(0).cancelReason()).isEqualTo("stop");

    assertThat(store.operations().cancel("pending", "again", null, 6))
        .isEqualTo(Change.WRONG_STATUS);
    assertThat(store.operations().cancel("nope", "x", null, 6)).isEqualTo(Change.NOT_FOUND);
  }

  @Test
  void aSignalIsKeptForARunNotEndedAndWakesItIfItWaitsForThatName() {
    ClaimedRun r = running("r", 1);
    store
        .journal()
        .park(
            new Parking(
                "r", r.epoch(), new Wait.Signal("go", Instant.ofEpochMilli(9_000)), 9_000, 2))
        .join();

    assertThat(store.operations().signal("r", "s1", "other", "1", 3)).isEqualTo(Change.DONE);
    assertThat(store.queue().nextWakeAt()).as("another name does not wake it").isEqualTo(9_000L);
    assertThat(store.operations().signal("r", "s2", "go", "2", 4)).isEqualTo(Change.DONE);
    assertThat(store.queue().nextWakeAt()).isEqualTo(4L);

    ClaimedRun done = running("done", 5);
    store.journal().endRun(end("done", done.epoch(), RunStatus.COMPLETED, 6)).join();
    assertThat(store.operations().signal("done", "s3", "go", "3", 7))
        .isEqualTo(Change.WRONG_STATUS);
    assertThat(store.operations().signal("nope", "s4", "go", "4", 7)).isEqualTo(Change.NOT_FOUND);
  }

  @Test
  void resumingARunWaitingForAnOperatorMakesItDueWithItsJournalKept() {
    ClaimedRun r = running("r", 1);
    store.journal().writeStep(step("r", 1, StepStatus.COMPLETED, "\"x\"", r.epoch()), true).join();
    park(r, new Wait.Operator(Wait.Operator.NONDETERMINISM, "step 2 changed"), 2);

    assertThat(store.operations().resume("r", "t5 resumed", 5)).isEqualTo(Change.DONE);
    assertThat(store.queue().nextWakeAt()).isEqualTo(5L);
    RunInfo run = store.reads().run("r", true).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.WAITING);
    assertThat(run.failureReason()).endsWith("t5 resumed");
    assertThat(run.steps()).extracting(StepInfo::status).containsExactly(StepStatus.COMPLETED);
    ClaimedRun again = claim("m", 1, 5).get(0);
    assertThat(again.id()).isEqualTo("r");
    assertThat(again.epoch()).isGreaterThan(r.epoch());
  }

  @Test
  void aResumedCrashLoopStartsItsCountOfCrashesAgain() {
    store.queue().insert(newRun("poison", null, 1));
    for (int crash = 1; crash <= 2; crash++) {
      crash(2);
    }
    assertThat(store.reads().run("poison", false).orElseThrow().waitingFor())
        .isInstanceOf(Wait.Operator.class);

    assertThat(store.operations().resume("poison", "t6 resumed", 6)).isEqualTo(Change.DONE);
    assertThat(crash(2)).as("one crash after the resume").isEqualTo(new SweepReport(1, 0, 0));
    assertThat(status("poison")).isEqualTo(RunStatus.PENDING);
  }

  /** Claims the one claimable run, lets its lease lapse, and sweeps it under {@code limit}. */
  private SweepReport crash(int limit) {
    assertThat(store.queue().claim(Claim.any("a", List.of("wf"), 1, 1_000_000, -60_000)))
        .hasSize(1);
    RunHead head = store.leases().expired(false, 10).get(0);
    return store.leases().sweep(Collections.singletonMap(head, null), 10, limit);
  }

  @Test
  void resumingAFailedRunPutsItBackPendingWithTheEntryThatFailedItToRunAgain() {
    ClaimedRun r = running("r", 1);
    store.journal().writeStep(step("r", 1, StepStatus.COMPLETED, "\"x\"", r.epoch()), true).join();
    store.journal().writeStep(step("r", 2, StepStatus.FAILED, null, r.epoch()), true).join();
    store.journal().endRun(end("r", r.epoch(), RunStatus.FAILED, 3)).join();

    assertThat(store.operations().resume("r", "t4 resumed", 4)).isEqualTo(Change.DONE);
    RunInfo run = store.reads().run("r", true).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.PENDING);
    assertThat(run.errorType()).isNull();
    assertThat(run.endedAt()).isNull();
    assertThat(run.failureReason()).endsWith("t4 resumed");
    assertThat(run.steps())
        .extracting(StepInfo::status)
        .containsExactly(StepStatus.COMPLETED, StepStatus.PENDING);
    assertThat(store.journal().endRun(end("r", r.epoch(), RunStatus.FAILED, 5)).join())
        .as("the executor that failed it is fenced out")
        .isFalse();
    ClaimedRun again = claim("m", 1, 6).get(0);
    assertThat(again.epoch()).isGreaterThan(r.epoch());
    assertThat(store.operations().resume("r", "again", 7)).isEqualTo(Change.WRONG_STATUS);
  }

  @Test
  void aRunWhoseStepsWereUndoneOrSettledOrThatDidNotFailIsNotResumed() {
    failedCompensation("broken", 1);
    failedCompensation("settled", 2);
    store.operations().resolve("settled", "refunded by hand", null, 3);
    ClaimedRun undone = running("undone", 4);
    store
        .journal()
        .writeStep(step("undone", 1, StepStatus.COMPLETED, "\"x\"", undone.epoch()), true)
        .join();
    store
        .journal()
        .beginUnwinding(new Unwinding("undone", undone.epoch(), "E", "m", null, 5))
        .join();
    store
        .journal()
        .writeStep(
            entry(
                "undone",
                2,
                StepKind.COMPENSATION,
                "s1",
                StepStatus.COMPLETED,
                null,
                undone.epoch()),
            true)
        .join();
    store
        .journal()
        .endRun(
            new RunEnd(
                "undone", undone.epoch(), RunStatus.FAILED, null, "E", "m", true, null, 6, null))
        .join();
    ended("done", RunStatus.COMPLETED, 7);
    ClaimedRun sleeping = running("sleeping", 8);
    park(sleeping, new Wait.Sleep(Instant.ofEpochMilli(9_000)), 8);
    store.queue().insert(newRun("pending", null, 9));

    for (String id : List.of("broken", "settled", "undone", "done", "sleeping", "pending")) {
      assertThat(store.operations().resume(id, "t10 resumed", 10))
          .as(id)
          .isEqualTo(Change.WRONG_STATUS);
    }
    assertThat(status("settled")).isEqualTo(RunStatus.FAILED);
    assertThat(status("undone")).isEqualTo(RunStatus.FAILED);
    assertThat(store.operations().resume("nope", "x", 10)).isEqualTo(Change.NOT_FOUND);
  }
}
