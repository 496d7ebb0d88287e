package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

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
}
