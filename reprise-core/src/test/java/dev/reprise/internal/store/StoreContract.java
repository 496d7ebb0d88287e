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
    if (store != null) {
      store.close();
    }
  }

  /** Claims runs of workflow {@code wf}, any queue, with a 10 s lease. */
  private List<ClaimedRun> claim(String owner, int max, long now) {
    return store.claim(Claim.any(owner, List.of("wf"), max, now, 10_000));
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

    List<ClaimedRun> first = claim("node-a", 1, 100);
    assertThat(first)
        .containsExactly(ClaimedRun.forward("old", "wf", "\"in\"", 1, null, "default"));
    List<ClaimedRun> rest = claim("node-a", 10, 100);
    assertThat(rest).extracting(ClaimedRun::id).containsExactly("new");
    assertThat(claim("node-a", 10, 100)).isEmpty();
    assertThat(store.run("other", false).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
    assertThat(store.run("old", false).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void aRunInsertedForAnOwnerIsRunningUnderEpochOneAndNotClaimedAgain() {
    assertThat(
            store
                .insertRun(NewRun.pending("mine", "wf", "1", null, 7).ownedBy("node-a", 10_000))
                .created())
        .isTrue();

    RunInfo run = store.run("mine", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.startedAt()).isNotNull();
    assertThat(claim("node-b", 10, 8)).isEmpty();
    assertThat(
            store
                .endRun(
                    new RunEnd(
                        "mine", 1, RunStatus.COMPLETED, "2", null, null, false, null, 9, null))
                .join())
        .isTrue();
  }

  @Test
  void aCompletedStepIsNeverOverwritten() {
    store.insertRun(newRun("r", null, 1));
    claim("n", 1, 5);
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
    claim("n", 1, 5);
    var lazy = store.writeStep(step("r", 1, StepStatus.EXECUTING, null, 1), false);
    store.writeStep(step("r", 2, StepStatus.COMPLETED, "\"x\"", 1), true).join();

    assertThat(lazy).isDone();
    assertThat(store.steps("r")).hasSize(2);
  }

  @Test
  void aRunEndIsRecordedOnlyUnderTheEpochThatHoldsIt() {
    store.insertRun(newRun("r", null, 1));
    ClaimedRun claimed = claim("n", 1, 5).get(0);

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
                        9,
                        null))
                .join())
        .isFalse();
    assertThat(
            store
                .endRun(
                    new RunEnd(
                        "r",
                        claimed.epoch(),
                        RunStatus.COMPLETED,
                        "1",
                        null,
                        null,
                        false,
                        null,
                        9,
                        null))
                .join())
        .isTrue();
    assertThat(
            store
                .endRun(
                    new RunEnd(
                        "r",
                        claimed.epoch(),
                        RunStatus.FAILED,
                        null,
                        "x",
                        "y",
                        false,
                        null,
                        10,
                        null))
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
    claim("n", 3, 5);
    store.writeStep(step("a", 1, StepStatus.COMPLETED, "\"x\"", 1), true).join();
    store.writeStep(step("a", 2, StepStatus.EXECUTING, null, 1), true).join();
    store.writeStep(step("done", 1, StepStatus.EXECUTING, null, 1), true).join();
    store
        .endRun(new RunEnd("done", 1, RunStatus.COMPLETED, "1", null, null, false, null, 9, null))
        .join();

    assertThat(store.interruptedRuns(null))
        .extracting(RunHead::id)
        .containsExactlyInAnyOrder("a", "b");
    RecoveryReport report =
        store.recover(Recovery.atBoot(Map.of("b", RunFailure.quarantined("bad")), 50));

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
    claim("n", 1, 5);
    var good = store.writeStep(step("r", 1, StepStatus.COMPLETED, "\"ok\"", 1), false);
    var orphan = store.writeStep(step("no-such-run", 1, StepStatus.COMPLETED, "\"x\"", 1), true);

    assertThatThrownBy(orphan::join).hasCauseInstanceOf(LeaseLostException.class);
    assertThat(good.join()).isNull();
    assertThat(store.steps("r")).hasSize(1);
  }

  private static NewRun queued(String id, String queue, int priority, long at) {
    return new NewRun(id, "wf", "1", null, at, null, 0, null, null, null, queue, priority);
  }

  @Test
  void aWriteUnderAnOldEpochIsFencedAndChangesNothing() {
    store.insertRun(newRun("r", null, 1));
    ClaimedRun first = claim("zombie", 1, 5).get(0);
    store.writeStep(step("r", 1, StepStatus.COMPLETED, "\"zombie\"", first.epoch()), true).join();
    // the zombie's lease expires and another node takes the run over
    store.recover(new Recovery(Map.of(), 6, "zombie", true));
    ClaimedRun second = claim("successor", 1, 7).get(0);
    assertThat(second.epoch()).isGreaterThan(first.epoch());

    var late = store.writeStep(step("r", 2, StepStatus.COMPLETED, "\"late\"", first.epoch()), true);
    assertThatThrownBy(late::join).hasCauseInstanceOf(LeaseLostException.class);
    var lateEnd =
        store.endRun(
            new RunEnd(
                "r", first.epoch(), RunStatus.COMPLETED, "1", null, null, false, null, 9, null));
    assertThat(lateEnd.join()).isFalse();

    store.writeStep(step("r", 2, StepStatus.COMPLETED, "\"mine\"", second.epoch()), true).join();
    assertThat(store.steps("r"))
        .extracting(StepInfo::output)
        .containsExactly("\"zombie\"", "\"mine\"");
  }

  @Test
  void higherPrioritiesAreClaimedFirstAndEachPriorityInSubmissionOrder() {
    store.insertRun(queued("low-old", "default", 0, 1));
    store.insertRun(queued("high-new", "default", 5, 3));
    store.insertRun(queued("low-new", "default", 0, 2));
    store.insertRun(queued("high-old", "default", 5, 2));

    assertThat(claim("n", 2, 5))
        .extracting(ClaimedRun::id)
        .containsExactlyInAnyOrder("high-old", "high-new");
    assertThat(claim("n", 1, 5)).extracting(ClaimedRun::id).containsExactly("low-old");
    assertThat(claim("n", 1, 5)).extracting(ClaimedRun::id).containsExactly("low-new");
  }

  @Test
  void aQueueClaimTakesOnlyItsQueueAndLeavesRoomUnderItsGlobalLimit() {
    for (int i = 0; i < 5; i++) {
      store.insertRun(queued("mail-" + i, "mail", 0, i));
    }
    store.insertRun(queued("plain", "default", 0, 10));
    Claim mail = new Claim("a", List.of("wf"), 10, 20, 10_000, "mail", List.of(), 3);

    assertThat(store.claim(mail)).hasSize(3).allMatch(r -> r.queue().equals("mail"));
    assertThat(store.claim(mail)).as("the global limit is reached").isEmpty();
    assertThat(
            store.claim(new Claim("b", List.of("wf"), 10, 20, 10_000, null, List.of("mail"), null)))
        .extracting(ClaimedRun::id)
        .containsExactly("plain");
    store
        .endRun(
            new RunEnd("mail-0", 1, RunStatus.COMPLETED, "1", null, null, false, null, 30, null))
        .join();
    assertThat(store.claim(mail)).extracting(ClaimedRun::id).containsExactly("mail-3");
  }

  @Test
  void aHeartbeatRenewsOnlyTheLeasesItsNodeStillHolds() {
    store.insertRun(newRun("kept", null, 1));
    store.insertRun(newRun("taken", null, 2));
    store.claim(Claim.any("a", List.of("wf"), 2, 5, -60_000)); // leases already expired
    assertThat(store.leases().expired(false, 10))
        .extracting(RunHead::id)
        .containsExactlyInAnyOrder("kept", "taken");
    RunHead taken =
        store.leases().expired(false, 10).stream()
            .filter(h -> h.id().equals("taken"))
            .findFirst()
            .orElseThrow();
    assertThat(store.leases().sweep(java.util.Collections.singletonMap(taken, null), 6))
        .isEqualTo(new dev.reprise.SweepReport(1, 0, 0));

    store.leases().register("a", "default", "", "host", 1);
    assertThat(store.leases().heartbeat("a", List.of("kept", "taken"), 60_000)).isEqualTo(1);
    assertThat(store.leases().expired(false, 10)).isEmpty();
    assertThat(store.run("taken", false).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
  }

  @Test
  void aSweepTakesEachExpiredRunOnceAndCanFailIt() {
    store.insertRun(newRun("r", null, 1));
    store.insertRun(newRun("poison", null, 2));
    store.claim(Claim.any("dead", List.of("wf"), 2, 5, -60_000));
    store.writeStep(step("r", 1, StepStatus.EXECUTING, null, 1), true).join();
    List<RunHead> seen = store.leases().expired(false, 10);
    RunHead r = seen.stream().filter(h -> h.id().equals("r")).findFirst().orElseThrow();
    RunHead poison = seen.stream().filter(h -> h.id().equals("poison")).findFirst().orElseThrow();
    var decisions = new java.util.LinkedHashMap<RunHead, RunFailure>();
    decisions.put(r, null);
    decisions.put(poison, new RunFailure(RunFailure.TOO_MANY_RECOVERIES, "recovered 20 times"));

    assertThat(store.leases().sweep(decisions, 10)).isEqualTo(new dev.reprise.SweepReport(1, 1, 0));
    assertThat(store.leases().sweep(decisions, 11))
        .as("a second sweeper with the same view skips both")
        .isEqualTo(new dev.reprise.SweepReport(0, 0, 2));
    RunInfo resumed = store.run("r", true).orElseThrow();
    assertThat(resumed.status()).isEqualTo(RunStatus.PENDING);
    assertThat(resumed.recoveries()).isEqualTo(1);
    assertThat(resumed.steps()).extracting(StepInfo::status).containsExactly(StepStatus.PENDING);
    RunInfo failed = store.run("poison", false).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.errorType()).isEqualTo(RunFailure.TOO_MANY_RECOVERIES);
  }

  @Test
  void recoveryOfOneOwnerLeavesTheRunsOfOthers() {
    store.insertRun(newRun("a1", null, 1));
    claim("a", 1, 5);
    store.insertRun(newRun("b1", null, 2));
    claim("b", 1, 5);

    assertThat(store.interruptedRuns("a")).extracting(RunHead::id).containsExactly("a1");
    RecoveryReport report = store.recover(new Recovery(Map.of(), 9, "a", false));

    assertThat(report.runsRestarted()).isEqualTo(1);
    assertThat(store.run("a1", false).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
    assertThat(store.run("a1", false).orElseThrow().recoveries()).as("a release").isZero();
    assertThat(store.run("b1", false).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void nodesAndDefinitionsAreKept() {
    assertThat(store.leases().node("n1")).isEmpty();
    store.leases().register("n1", "default", "prod", "host-1", 42);
    Leases.Node node = store.leases().node("n1").orElseThrow();
    assertThat(node.pid()).isEqualTo(42);
    assertThat(node.env()).isEqualTo("prod");
    assertThat(node.stopped()).isFalse();
    assertThat(node.heartbeatAgeMillis()).isBetween(-5_000L, 60_000L);
    store.leases().stopped("n1");
    assertThat(store.leases().node("n1").orElseThrow().stopped()).isTrue();

    store.leases().define(Map.of("wf", "fail"), "n1", 5);
    store.leases().define(Map.of("wf", "restart"), "n2", 6);
    assertThat(store.leases().definedPolicy("default", "wf")).contains("restart");
    assertThat(store.leases().definedPolicy("other-scope", "wf")).isEmpty();
  }
}
