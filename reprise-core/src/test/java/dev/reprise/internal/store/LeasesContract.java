package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepStatus;
import dev.reprise.SweepReport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Leases}: nodes, heartbeats, sweeps of expired leases, declared recovery policies. */
public abstract class LeasesContract extends StoreFixture {

  @Test
  void aHeartbeatRenewsOnlyTheLeasesItsNodeStillHolds() {
    store.queue().insert(newRun("kept", null, 1));
    store.queue().insert(newRun("taken", null, 2));
    store.queue().claim(Claim.any("a", List.of("wf"), 2, 5, -60_000)); // leases already expired
    assertThat(store.leases().expired(false, 10))
        .extracting(RunHead::id)
        .containsExactlyInAnyOrder("kept", "taken");
    RunHead taken =
        store.leases().expired(false, 10).stream()
            .filter(h -> h.id().equals("taken"))
            .findFirst()
            .orElseThrow();
    assertThat(store.leases().sweep(Collections.singletonMap(taken, null), 6, 0))
        .isEqualTo(new SweepReport(1, 0, 0));

    store.leases().register("a", "default", "", "host", 1, null, 0);
    assertThat(store.leases().heartbeat("a", List.of("kept", "taken"), 60_000))
        .containsExactly("kept");
    assertThat(store.leases().heartbeat("a", List.of(), 60_000)).isEmpty();
    assertThat(store.leases().expired(false, 10)).isEmpty();
    assertThat(status("taken")).isEqualTo(RunStatus.PENDING);
  }

  @Test
  void aSweepTakesEachExpiredRunOnceAndCanFailIt() {
    store.queue().insert(newRun("r", null, 1));
    store.queue().insert(newRun("poison", null, 2));
    store.queue().claim(Claim.any("dead", List.of("wf"), 2, 5, -60_000));
    store.journal().writeStep(step("r", 1, StepStatus.EXECUTING, null, 1), true).join();
    List<RunHead> seen = store.leases().expired(false, 10);
    RunHead r = seen.stream().filter(h -> h.id().equals("r")).findFirst().orElseThrow();
    RunHead poison = seen.stream().filter(h -> h.id().equals("poison")).findFirst().orElseThrow();
    var decisions = new LinkedHashMap<RunHead, RunFailure>();
    decisions.put(r, null);
    decisions.put(poison, new RunFailure(RunFailure.TOO_MANY_RECOVERIES, "recovered 20 times"));

    assertThat(store.leases().sweep(decisions, 10, 0)).isEqualTo(new SweepReport(1, 1, 0));
    assertThat(store.leases().sweep(decisions, 11, 0))
        .as("a second sweeper with the same view skips both")
        .isEqualTo(new SweepReport(0, 0, 2));
    assertThat(store.leases().sweep(Map.of(), 12, 0)).isEqualTo(SweepReport.NONE);
    RunInfo resumed = store.reads().run("r", true).orElseThrow();
    assertThat(resumed.status()).isEqualTo(RunStatus.PENDING);
    assertThat(resumed.recoveries()).isEqualTo(1);
    assertThat(resumed.steps()).extracting(StepInfo::status).containsExactly(StepStatus.PENDING);
    RunInfo failed = store.reads().run("poison", false).orElseThrow();
    assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(failed.errorType()).isEqualTo(RunFailure.TOO_MANY_RECOVERIES);
  }

  @Test
  void aRunsLeaseIsRenewedOnlyUnderTheEpochAndOwnerThatHoldIt() {
    store.queue().insert(newRun("r", null, 1));
    ClaimedRun mine = store.queue().claim(Claim.any("a", List.of("wf"), 1, 5, -60_000)).get(0);

    assertThat(store.leases().renew("r", mine.epoch(), "a", 60_000)).isTrue();
    assertThat(store.leases().expired(false, 10)).isEmpty();
    assertThat(store.leases().renew("r", mine.epoch(), "b", 60_000)).as("another owner").isFalse();
    assertThat(store.leases().renew("r", mine.epoch() + 1, "a", 60_000))
        .as("another epoch")
        .isFalse();
  }

  @Test
  void aSweepQuarantinesARunWhoseRecoveriesKeepEndingItsProcess() {
    store.queue().insert(newRun("poison", null, 1));
    for (int crash = 1; crash <= 3; crash++) {
      ClaimedRun r = store.queue().claim(Claim.any("a", List.of("wf"), 1, 5, -60_000)).get(0);
      store
          .journal()
          .writeStep(step("poison", 1, StepStatus.EXECUTING, null, r.epoch()), true)
          .join();
      RunHead head = store.leases().expired(false, 10).get(0);
      SweepReport report = store.leases().sweep(Collections.singletonMap(head, null), 10, 3);
      assertThat(report)
          .as("crash " + crash)
          .isEqualTo(crash < 3 ? new SweepReport(1, 0, 0) : new SweepReport(0, 1, 0));
    }
    RunInfo run = store.reads().run("poison", false).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.WAITING);
    assertThat(run.waitingFor())
        .isInstanceOfSatisfying(
            dev.reprise.Wait.Operator.class,
            w -> {
              assertThat(w.cause()).isEqualTo(dev.reprise.Wait.Operator.CRASH_LOOP);
              assertThat(w.reason()).contains("step 's1' (seq 1)").contains("3 times");
            });
  }

  @Test
  void expiredLeasesAreThoseOfThisScopeUnlessGlobal() {
    store.queue().insert(newRun("mine", null, 1));
    store.queue().claim(Claim.any("a", List.of("wf"), 1, 5, -60_000));

    assertThat(store.leases().expired(false, 10))
        .extracting(RunHead::scope)
        .containsOnly("default");
    assertThat(store.leases().expired(true, 10)).extracting(RunHead::id).contains("mine");
    assertThat(store.leases().expired(false, 0)).isEmpty();
  }

  @Test
  void nodesAndDefinitionsAreKept() {
    assertThat(store.leases().node("n1")).isEmpty();
    store.leases().register("n1", "default", "prod", "host-1", 42, null, 0);
    Leases.Node node = store.leases().node("n1").orElseThrow();
    assertThat(node.pid()).isEqualTo(42);
    assertThat(node.env()).isEqualTo("prod");
    assertThat(node.host()).isEqualTo("host-1");
    assertThat(node.stopped()).isFalse();
    assertThat(node.heartbeatAgeMillis()).isBetween(-5_000L, 60_000L);
    store.leases().stopped("n1");
    assertThat(store.leases().node("n1").orElseThrow().stopped()).isTrue();
    store.leases().register("n1", "default", "prod", "host-1", 43, null, 0);
    assertThat(store.leases().node("n1").orElseThrow().stopped()).as("a new incarnation").isFalse();

    store.leases().define(Map.of("wf", "fail"), "n1", 5);
    store.leases().define(Map.of("wf", "restart"), "n2", 6);
    store.leases().define(Map.of(), "n3", 7);
    assertThat(store.leases().definedPolicy("default", "wf")).contains("restart");
    assertThat(store.leases().definedPolicy("other-scope", "wf")).isEmpty();
  }

  @Test
  void aStoreThatNodesDoNotShareHasNoSessionLocksAndNoEndedNodes() {
    assumeFalse(store.isShared(), "a shared store");
    store.leases().register("n1", "default", "", "host", 1, null, 0);
    running("r", 1);

    assertThat(store.leases().sessionLock(5_000)).isEmpty();
    assertThat(store.leases().endedNodes(false)).isEmpty();
    assertThat(store.leases().endedNodes(true)).isEmpty();
  }

  @Test
  void eachSessionLockHasAKeyOfItsOwnAndIsConfirmedUntilClosed() {
    assumeTrue(store.isShared(), "a store nodes share");
    Leases.SessionLock b = store.leases().sessionLock(5_000).orElseThrow();
    try (Leases.SessionLock a = store.leases().sessionLock(5_000).orElseThrow()) {
      assertThat(a.key()).isNotEqualTo(b.key());
      assertThat(b.confirm()).isTrue();
      b.close();
      assertThat(b.confirm()).isFalse();
      assertThat(a.confirm()).isTrue();
    }
  }

  @Test
  void aNodeHasEndedWhenNoSessionHoldsTheLockItsRowNamesAndItStillHoldsRuns() {
    assumeTrue(store.isShared(), "a store nodes share");
    Leases.SessionLock dead = store.leases().sessionLock(5_000).orElseThrow();
    Leases.SessionLock idle = store.leases().sessionLock(5_000).orElseThrow();
    dead.close();
    idle.close();
    try (Leases.SessionLock alive = store.leases().sessionLock(5_000).orElseThrow()) {
      store.leases().register("alive", "default", "", "host", 1, alive.key(), 300);
      store.leases().register("dead", "default", "", "host", 2, dead.key(), 400);
      store.leases().register("idle", "default", "", "host", 3, idle.key(), 500);
      store.leases().register("unlocked", "default", "", "host", 4, null, 600);
      for (String node : List.of("alive", "dead", "unlocked")) {
        store.queue().insert(newRun("of-" + node, null, 1).ownedBy(node, 10_000));
      }

      Leases.EndedNode ended = new Leases.EndedNode("dead", dead.key(), 400);
      assertThat(store.leases().endedNodes(false)).containsExactly(ended);
      assertThat(store.leases().endedNodes(true))
          .as("a look gives the lock it tried back")
          .containsExactly(ended);
      assertThat(alive.confirm()).isTrue();
      store.journal().endRun(end("of-dead", 1, RunStatus.COMPLETED, 2)).join();
      assertThat(store.leases().endedNodes(false)).as("it holds no run any more").isEmpty();
    }
  }

  @Test
  void anEndedNodesRunsAreTakenBackOnceWhileItsRowNamesTheLockSeenFree() {
    store.leases().register("dead", "default", "", "host", 1, 42L, 400);
    for (String id : List.of("r2", "r1", "poison")) {
      store.queue().insert(newRun(id, null, 1).ownedBy("dead", 10_000));
    }
    store.queue().insert(newRun("other", null, 1).ownedBy("n", 10_000));
    store.journal().writeStep(step("r1", 1, StepStatus.EXECUTING, null, 1), true).join();
    Leases.EndedNode node = new Leases.EndedNode("dead", 42, 400);

    List<RunHead> held = store.leases().heldBy(node, false, 10);
    assertThat(held).extracting(RunHead::id).containsExactly("poison", "r1", "r2");
    assertThat(store.leases().heldBy(node, false, 2)).hasSize(2);
    assertThat(store.leases().heldBy(new Leases.EndedNode("dead", 41, 400), false, 10))
        .as("another lock")
        .isEmpty();
    var decisions = new LinkedHashMap<RunHead, RunFailure>();
    held.forEach(h -> decisions.put(h, null));
    decisions.put(
        held.get(0), new RunFailure(RunFailure.TOO_MANY_RECOVERIES, "recovered 20 times"));

    assertThat(store.leases().sweepEnded(node, decisions, 10, 0))
        .isEqualTo(new SweepReport(2, 1, 0));
    assertThat(store.leases().sweepEnded(node, decisions, 11, 0))
        .as("a second sweeper with the same view skips them all")
        .isEqualTo(new SweepReport(0, 0, 3));
    assertThat(store.leases().sweepEnded(node, Map.of(), 12, 0)).isEqualTo(SweepReport.NONE);
    RunInfo resumed = store.reads().run("r1", true).orElseThrow();
    assertThat(resumed.status()).isEqualTo(RunStatus.PENDING);
    assertThat(resumed.recoveries()).isEqualTo(1);
    assertThat(resumed.steps()).extracting(StepInfo::status).containsExactly(StepStatus.PENDING);
    assertThat(store.reads().run("poison", false).orElseThrow().errorType())
        .isEqualTo(RunFailure.TOO_MANY_RECOVERIES);
    assertThat(store.journal().endRun(end("r2", 1, RunStatus.COMPLETED, 13)).join())
        .as("the ended node's executor is fenced out")
        .isFalse();
    assertThat(status("other")).isEqualTo(RunStatus.RUNNING);
    assertThat(store.leases().heldBy(node, false, 10)).isEmpty();
  }

  @Test
  void aNodeThatTookANewLockKeepsItsRunsFromSweepsUnderTheOldOne() {
    store.leases().register("n1", "default", "", "host", 1, 42L, 400);
    store.queue().insert(newRun("r", null, 1).ownedBy("n1", 10_000));
    Leases.EndedNode old = new Leases.EndedNode("n1", 42, 400);
    List<RunHead> seen = store.leases().heldBy(old, false, 10);

    store.leases().relock("n1", 43);

    assertThat(store.leases().heldBy(old, false, 10)).isEmpty();
    assertThat(store.leases().sweepEnded(old, Collections.singletonMap(seen.get(0), null), 5, 0))
        .isEqualTo(new SweepReport(0, 0, 1));
    assertThat(status("r")).isEqualTo(RunStatus.RUNNING);
    assertThat(store.leases().renew("r", 1, "n1", 10_000))
        .as("still held under its epoch")
        .isTrue();
    assertThat(store.leases().heldBy(new Leases.EndedNode("n1", 43, 400), false, 10))
        .extracting(RunHead::id)
        .containsExactly("r");
  }
}
