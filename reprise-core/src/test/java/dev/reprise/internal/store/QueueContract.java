package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.reprise.ReconcileReport;
import dev.reprise.RecoveryReport;
import dev.reprise.RunInfo;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunStateException;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.Wait;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RunQueue}: how runs enter, are claimed, come due, and are taken back. */
public abstract class QueueContract extends StoreFixture {

  @Test
  void insertingARunIsIdempotentByIdAndByKey() {
    assertThat(store.queue().insert(newRun("r1", "k1", 1))).isEqualTo(InsertResult.created("r1"));
    assertThat(store.queue().insert(newRun("r1", null, 2)))
        .isEqualTo(InsertResult.existing("r1", "wf", "\"in\""));
    assertThat(store.queue().insert(newRun("r2", "k1", 3)))
        .isEqualTo(InsertResult.existing("r1", "wf", "\"in\""));
    assertThat(store.queue().insert(NewRun.pending("r3", "other", "{\"a\": 1}", "k3", 4)).created())
        .isTrue();
    assertThat(store.queue().insert(NewRun.pending("r4", "wf", "2", "k3", 5)))
        .as("the existing run's workflow and input, for the caller to compare")
        .isEqualTo(InsertResult.existing("r3", "other", "{\"a\": 1}"));
    assertThat(store.reads().runs(dev.reprise.RunFilter.all()))
        .extracting(RunInfo::id)
        .containsExactly("r3", "r1");
  }

  @Test
  void submitsCommittedTogetherEachKnowWhetherTheyCreatedTheirRun() throws Exception {
    int callers = 64;
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<InsertResult>> results = new java.util.ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(callers)) {
      for (int i = 0; i < callers; i++) {
        // every id twice: one of each pair creates its run, the other finds it
        String id = "r" + (i / 2);
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return store.queue().insert(newRun(id, null, 1));
                }));
      }
      go.countDown();
      int created = 0;
      for (var f : results) {
        if (f.get().created()) {
          created++;
        }
      }
      assertThat(created).isEqualTo(callers / 2);
    }
    assertThat(store.reads().runs(dev.reprise.RunFilter.all().withLimit(1000)))
        .hasSize(callers / 2);
  }

  @Test
  void claimingTakesTheOldestPendingRunsOfKnownWorkflowsAndBumpsTheEpoch() {
    store.queue().insert(newRun("old", null, 1));
    store.queue().insert(newRun("new", null, 2));
    store.queue().insert(NewRun.pending("other", "unknown-wf", "1", null, 0));

    List<ClaimedRun> first = claim("node-a", 1, 100);
    assertThat(first)
        .containsExactly(ClaimedRun.forward("old", "wf", "\"in\"", 1, null, "default"));
    assertThat(claim("node-a", 10, 100)).extracting(ClaimedRun::id).containsExactly("new");
    assertThat(claim("node-a", 10, 100)).isEmpty();
    assertThat(status("other")).isEqualTo(RunStatus.PENDING);
    assertThat(status("old")).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aRunInsertedForAnOwnerIsRunningUnderEpochOneAndNotClaimedAgain() {
    assertThat(
            store
                .queue()
                .insert(NewRun.pending("mine", "wf", "1", null, 7).ownedBy("node-a", 10_000))
                .created())
        .isTrue();

    RunInfo run = store.reads().run("mine", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.startedAt()).isNotNull();
    assertThat(claim("node-b", 10, 8)).isEmpty();
    assertThat(store.journal().endRun(end("mine", 1, RunStatus.COMPLETED, 9)).join()).isTrue();
  }

  @Test
  void aClaimCarriesTheRunsDeadlineQueueAndCancelRequest() {
    store.queue().insert(newRun("r", null, 1).withDeadline(500L).inQueue("mail", 0));
    store.operations().cancel("r", "not wanted", null, 2); // pending: cancelled at once
    store.queue().insert(newRun("s", null, 3).withDeadline(600L));
    ClaimedRun s = claim("n", 1, 4).get(0);
    store.operations().cancel("s", "stop", null, 5);

    assertThat(s.deadlineAt()).isEqualTo(600L);
    assertThat(store.queue().cancelRequests("n")).containsExactly(Map.entry("s", "stop"));
    assertThat(store.queue().cancelRequests("other-node")).isEmpty();
    assertThat(status("r")).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void higherPrioritiesAreClaimedFirstAndEachPriorityInSubmissionOrder() {
    store.queue().insert(queued("low-old", "default", 0, 1));
    store.queue().insert(queued("high-new", "default", 5, 3));
    store.queue().insert(queued("low-new", "default", 0, 2));
    store.queue().insert(queued("high-old", "default", 5, 2));

    assertThat(claim("n", 2, 5))
        .extracting(ClaimedRun::id)
        .containsExactlyInAnyOrder("high-old", "high-new");
    assertThat(claim("n", 1, 5)).extracting(ClaimedRun::id).containsExactly("low-old");
    assertThat(claim("n", 1, 5)).extracting(ClaimedRun::id).containsExactly("low-new");
  }

  @Test
  void aQueueClaimTakesOnlyItsQueueAndLeavesRoomUnderItsGlobalLimit() {
    for (int i = 0; i < 5; i++) {
      store.queue().insert(queued("mail-" + i, "mail", 0, i));
    }
    store.queue().insert(queued("plain", "default", 0, 10));
    Claim mail = new Claim("a", List.of("wf"), 10, 20, 10_000, "mail", List.of(), 3);

    assertThat(store.queue().claim(mail)).hasSize(3).allMatch(r -> r.queue().equals("mail"));
    assertThat(store.queue().claim(mail)).as("the global limit is reached").isEmpty();
    assertThat(
            store
                .queue()
                .claim(new Claim("b", List.of("wf"), 10, 20, 10_000, null, List.of("mail"), null)))
        .extracting(ClaimedRun::id)
        .containsExactly("plain");
    store.journal().endRun(end("mail-0", 1, RunStatus.COMPLETED, 30)).join();
    assertThat(store.queue().claim(mail)).extracting(ClaimedRun::id).containsExactly("mail-3");
  }

  @Test
  void aDueWaitingRunAndAnUnownedUnwindingRunAreClaimed() {
    ClaimedRun sleeper = running("sleeper", 1);
    store
        .journal()
        .park(
            new Parking(
                "sleeper",
                sleeper.epoch(),
                new Wait.Sleep(java.time.Instant.ofEpochMilli(50)),
                50,
                2))
        .join();
    ClaimedRun unwinder = running("unwinder", 3);
    store
        .journal()
        .beginUnwinding(new Unwinding("unwinder", unwinder.epoch(), "Boom", "x", null, 4))
        .join();
    store.queue().recover(new Recovery(Map.of(), 5, "n", true, 0)); // its process died

    List<ClaimedRun> due = claim("m", 10, 60);
    assertThat(due).extracting(ClaimedRun::id).containsExactlyInAnyOrder("sleeper", "unwinder");
    ClaimedRun resumed = due.stream().filter(r -> r.id().equals("unwinder")).findFirst().get();
    assertThat(resumed.unwinding()).isTrue();
    assertThat(resumed.errorType()).isEqualTo("Boom");
    assertThat(status("sleeper")).isEqualTo(RunStatus.RUNNING);
    assertThat(status("unwinder")).isEqualTo(RunStatus.COMPENSATING);
  }

  @Test
  void theNextWakeIsTheEarliestWaitingRun() {
    assertThat(store.queue().nextWakeAt()).isNull();
    for (String id : List.of("a", "b")) {
      ClaimedRun r = running(id, 1);
      long at = id.equals("a") ? 900 : 300;
      store
          .journal()
          .park(
              new Parking(id, r.epoch(), new Wait.Sleep(java.time.Instant.ofEpochMilli(at)), at, 2))
          .join();
    }
    assertThat(store.queue().nextWakeAt()).isEqualTo(300L);
  }

  @Test
  void reconcilingMakesDueTheParentsOfChildrenThatEndedWithoutWakingThem() {
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
    ClaimedRun other = running("q", 4);
    store
        .journal()
        .park(new Parking("q", other.epoch(), new Wait.Child("never"), Long.MAX_VALUE, 5))
        .join();
    assertThat(store.queue().reconcileChildren(6)).isEqualTo(new ReconcileReport(0, 2));

    // the child ends by a hand that does not wake its parent (here: a direct end of its row)
    ClaimedRun child = claim("n", 1, 7).get(0);
    store.journal().endRun(end("p:1", child.epoch(), RunStatus.FAILED, 8)).join();
    assertThat(store.queue().reconcileChildren(9)).isEqualTo(new ReconcileReport(1, 1));
    assertThat(store.queue().nextWakeAt()).isEqualTo(9L);
  }

  @Test
  void recoveryResetsExecutingStepsRestartsRunsAndQuarantines() {
    store.queue().insert(newRun("a", null, 1));
    store.queue().insert(newRun("b", null, 2));
    store.queue().insert(newRun("done", null, 3));
    claim("n", 3, 5);
    store.journal().writeStep(step("a", 1, StepStatus.COMPLETED, "\"x\"", 1), true).join();
    store.journal().writeStep(step("a", 2, StepStatus.EXECUTING, null, 1), true).join();
    store.journal().writeStep(step("done", 1, StepStatus.EXECUTING, null, 1), true).join();
    store.journal().endRun(end("done", 1, RunStatus.COMPLETED, 9)).join();

    assertThat(store.queue().interrupted(null))
        .extracting(RunHead::id)
        .containsExactlyInAnyOrder("a", "b");
    RecoveryReport report =
        store.queue().recover(Recovery.atBoot(Map.of("b", RunFailure.quarantined("bad")), 50));

    assertThat(report).isEqualTo(new RecoveryReport(1, 1, 0, 1));
    assertThat(store.reads().steps("a"))
        .extracting(StepInfo::status)
        .containsExactly(StepStatus.COMPLETED, StepStatus.PENDING);
    RunInfo a = store.reads().run("a", false).orElseThrow();
    assertThat(a.status()).isEqualTo(RunStatus.PENDING);
    assertThat(a.recoveries()).isEqualTo(1);
    assertThat(store.reads().run("b", false).orElseThrow().errorType()).isEqualTo("quarantined");
    assertThat(store.reads().steps("done"))
        .extracting(StepInfo::status)
        .as("finished runs untouched")
        .containsExactly(StepStatus.EXECUTING);
  }

  @Test
  void aRunInterruptedInsideAnAtMostOnceStepUnwindsInsteadOfRunningItAgain() {
    ClaimedRun r = running("r", 1);
    StepWrite once =
        new StepWrite(
            "r",
            1,
            "charge",
            StepKind.STEP,
            StepStatus.EXECUTING,
            true,
            null,
            null,
            null,
            null,
            1,
            r.epoch(),
            2L,
            null,
            false);
    store.journal().writeStep(once, true).join();

    RecoveryReport report = store.queue().recover(Recovery.atBoot(Map.of(), 5));

    assertThat(report.runsFailed()).isEqualTo(1);
    RunInfo run = store.reads().run("r", true).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.COMPENSATING);
    assertThat(run.errorType()).isEqualTo("interrupted_at_most_once");
    assertThat(run.failureReason()).contains("'charge'");
    assertThat(run.steps().get(0).status()).isEqualTo(StepStatus.FAILED);
    assertThat(claim("m", 1, 6).get(0).unwinding()).isTrue();
  }

  @Test
  void recoveryOfOneOwnerLeavesTheRunsOfOthers() {
    store.queue().insert(newRun("a1", null, 1));
    claim("a", 1, 5);
    store.queue().insert(newRun("b1", null, 2));
    claim("b", 1, 5);

    assertThat(store.queue().interrupted("a")).extracting(RunHead::id).containsExactly("a1");
    RecoveryReport report = store.queue().recover(Recovery.release("a", 9));

    assertThat(report.runsRestarted()).isEqualTo(1);
    assertThat(status("a1")).isEqualTo(RunStatus.PENDING);
    assertThat(store.reads().run("a1", false).orElseThrow().recoveries()).as("a release").isZero();
    assertThat(status("b1")).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aReleaseGivesBackOnlyARunStillHeldUnderItsEpoch() {
    store.queue().insert(newRun("mine", null, 1));
    store.queue().insert(newRun("taken", null, 2));
    List<ClaimedRun> held = claim("a", 2, 5);
    long epochOfMine =
        held.stream().filter(r -> r.id().equals("mine")).findFirst().orElseThrow().epoch();
    long staleEpochOfTaken =
        held.stream().filter(r -> r.id().equals("taken")).findFirst().orElseThrow().epoch();
    // another node took "taken" meanwhile (its lease expired): released, then claimed by "b"
    store.queue().release(java.util.Map.of("taken", staleEpochOfTaken), 6, false);
    assertThat(claim("b", 1, 7)).extracting(ClaimedRun::id).containsExactly("taken");

    int released =
        store
            .queue()
            .release(java.util.Map.of("mine", epochOfMine, "taken", staleEpochOfTaken), 8, false);

    assertThat(released).as("only the run still held under its epoch").isEqualTo(1);
    assertThat(status("mine")).isEqualTo(RunStatus.PENDING);
    assertThat(status("taken"))
        .as("left to the node that holds it now")
        .isEqualTo(RunStatus.RUNNING);
  }

  /** A run of node {@code n} that completed step 1, failed at step 2 and ended failed. */
  private ClaimedRun failedAfterAStep(String id, long at) {
    ClaimedRun r = running(id, at);
    store.journal().writeStep(step(id, 1, StepStatus.COMPLETED, "\"a\"", r.epoch()), true).join();
    store.journal().writeStep(step(id, 2, StepStatus.FAILED, null, r.epoch()), true).join();
    store.journal().endRun(end(id, r.epoch(), RunStatus.FAILED, at + 1)).join();
    return r;
  }

  /** A run of node {@code n} whose first step failed, ended failed. */
  private void failedAtOnce(String id, long at) {
    ClaimedRun r = running(id, at);
    store.journal().writeStep(step(id, 1, StepStatus.FAILED, null, r.epoch()), true).join();
    store.journal().endRun(end(id, r.epoch(), RunStatus.FAILED, at + 1)).join();
  }

  @Test
  void aForkStartsFromTheJournalItIsGivenAndSupersedesItsSource() {
    failedAfterAStep("src", 1);
    List<StepWrite> journal = List.of(step("fork", 1, StepStatus.COMPLETED, "\"a\"", 9));

    assertThat(store.queue().fork("src", newRun("fork", "fork:src:2", 4), journal))
        .isEqualTo(InsertResult.created("fork"));
    assertThat(store.reads().steps("fork"))
        .extracting(StepInfo::seq, StepInfo::status, StepInfo::output)
        .containsExactly(tuple(1, StepStatus.COMPLETED, "\"a\""));
    ClaimedRun claimed = claim("m", 1, 5).get(0);
    assertThat(claimed.id()).isEqualTo("fork");
    assertThat(claimed.isFirstClaim()).as("its first claim replays the journal").isFalse();
    assertThat(store.operations().resume("src", "t6 resumed", 6))
        .as("a superseded run is not resumed")
        .isEqualTo(Operations.Change.WRONG_STATUS);
    assertThat(store.queue().fork("src", newRun("fork", "fork:src:2", 7), journal))
        .as("the same fork again")
        .isEqualTo(InsertResult.existing("fork", "wf", "\"in\""));
    assertThat(store.reads().steps("fork")).hasSize(1);
  }

  @Test
  void aRunIsForkedOnceAndOnlyAfterItEndedWithoutUndoingSteps() {
    ended("src", RunStatus.COMPLETED, 1);
    store.queue().fork("src", newRun("a", "fork:src:1", 2), List.of());

    assertThatThrownBy(() -> store.queue().fork("src", newRun("b", "fork:src:0", 3), List.of()))
        .isInstanceOf(RunStateException.class)
        .hasMessageContaining("forked already, as run a");
    failedCompensation("broken", 4);
    running("live", 5);
    ClaimedRun undone = running("undone", 6);
    store
        .journal()
        .endRun(
            new RunEnd(
                "undone", undone.epoch(), RunStatus.FAILED, null, "E", "m", true, null, 7, null))
        .join();
    for (String source : List.of("broken", "live", "undone")) {
      assertThatThrownBy(
              () -> store.queue().fork(source, newRun("of-" + source, null, 8), List.of()))
          .as(source)
          .isInstanceOf(RunStateException.class);
    }
    assertThatThrownBy(() -> store.queue().fork("nope", newRun("of-nope", null, 8), List.of()))
        .isInstanceOf(RunNotFoundException.class);
    for (String refused : List.of("b", "of-broken", "of-live", "of-undone", "of-nope")) {
      assertThat(store.reads().run(refused, false)).as("not inserted: " + refused).isEmpty();
    }
  }

  @Test
  void aFailedRunMarkedRetriedIsNeitherResumedNorForkedNorRetriedUnderAnotherKey() {
    failedAtOnce("r", 1);

    store.queue().markRetried("r", "retry:r");
    store.queue().markRetried("r", "retry:r"); // the same retry again: no change
    assertThat(store.operations().resume("r", "t resumed", 3))
        .isEqualTo(Operations.Change.WRONG_STATUS);
    assertThatThrownBy(() -> store.queue().fork("r", newRun("f", null, 4), List.of()))
        .isInstanceOf(RunStateException.class)
        .hasMessageContaining("retried already");
    assertThatThrownBy(() -> store.queue().markRetried("r", "retry:other"))
        .isInstanceOf(RunStateException.class);
    assertThat(status("r")).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void onlyAFailedRunWhoseCompletedStepsWereUndoneOrThatCompletedNoneIsMarkedRetried() {
    failedAfterAStep("kept-effects", 1);
    ended("done", RunStatus.COMPLETED, 2);
    running("live", 3);

    for (String id : List.of("kept-effects", "done", "live")) {
      assertThatThrownBy(() -> store.queue().markRetried(id, "retry:" + id))
          .as(id)
          .isInstanceOf(RunStateException.class);
    }
    assertThatThrownBy(() -> store.queue().markRetried("nope", "retry:nope"))
        .isInstanceOf(RunNotFoundException.class);
    ClaimedRun compensated = running("compensated", 7);
    store
        .journal()
        .writeStep(step("compensated", 1, StepStatus.COMPLETED, "1", compensated.epoch()), true)
        .join();
    store
        .journal()
        .endRun(
            new RunEnd(
                "compensated",
                compensated.epoch(),
                RunStatus.FAILED,
                null,
                "E",
                "m",
                true,
                null,
                8,
                null))
        .join();
    store.queue().markRetried("compensated", "retry:compensated");
    assertThat(store.operations().resume("compensated", "t", 9))
        .isEqualTo(Operations.Change.WRONG_STATUS);
  }

  @Test
  void wakingBlockedRunsMakesDueOnlyThoseWaitingForAnOperatorForThatCause() {
    for (String id : List.of("a", "b")) {
      park(running(id, 1), new Wait.Operator(Wait.Operator.NONDETERMINISM, "changed"), 2);
    }
    park(running("looping", 1), new Wait.Operator(Wait.Operator.CRASH_LOOP, "looped"), 2);
    park(running("sleeping", 1), new Wait.Sleep(java.time.Instant.ofEpochMilli(9_000)), 2);

    assertThat(store.queue().wakeBlocked(Wait.Operator.NONDETERMINISM, 7)).isEqualTo(2);
    assertThat(store.queue().nextWakeAt()).isEqualTo(7L);
    assertThat(claim("m", 10, 7)).extracting(ClaimedRun::id).containsExactlyInAnyOrder("a", "b");
    assertThat(store.queue().wakeBlocked(Wait.Operator.NONDETERMINISM, 8))
        .as("they run now")
        .isZero();
    assertThat(status("looping")).isEqualTo(RunStatus.WAITING);
    assertThat(store.queue().wakeBlocked("no-such-cause", 8)).isZero();
  }
}
