package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.AuditEntry;
import dev.reprise.OperatorAction;
import dev.reprise.RetentionPolicy;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RetentionRows}: policies per workflow, and the deletion of the runs they no longer keep.
 */
public abstract class RetentionContract extends StoreFixture {
  private static final RetentionPolicy WEEK = RetentionPolicy.keep().completed(Duration.ofDays(7));

  @Test
  void aPolicyIsKeptPerWorkflowReplacedByTheNextAndRemovedWhenItKeepsEveryRun() {
    assertThat(store.retention().policies()).isEmpty();
    RetentionPolicy month =
        RetentionPolicy.keep().failed(Duration.ofDays(30)).cancelled(Duration.ofSeconds(1));

    store.retention().put("wf", WEEK, 1);
    store.retention().put("other", month, 2);
    assertThat(store.retention().policies())
        .containsExactly(Map.entry("other", month), Map.entry("wf", WEEK));

    RetentionPolicy hour = RetentionPolicy.keep().failed(Duration.ofHours(1));
    store.retention().put("wf", hour, 3);
    store.retention().put("other", RetentionPolicy.keep(), 4);
    assertThat(store.retention().policies()).containsExactly(Map.entry("wf", hour));
  }

  @Test
  void applyingDeletesOnlyTheEndedRunsPastTheirKeepWithWhatGoesWithThem() {
    long now = 100_000;
    store
        .retention()
        .put(
            "wf",
            RetentionPolicy.keep().completed(Duration.ofSeconds(1)).failed(Duration.ofSeconds(10)),
            1);
    ClaimedRun oldDone = running("old-done", 1);
    store
        .attributes()
        .tag(
            entry("old-done", 1, StepKind.TAG, "tier", StepStatus.COMPLETED, "1", 1),
            "tier",
            "gold")
        .join();
    store
        .attributes()
        .publish(
            entry("old-done", 2, StepKind.PUBLISH, "p", StepStatus.COMPLETED, "1", 1), "p", "1")
        .join();
    store.journal().endRun(end("old-done", oldDone.epoch(), RunStatus.COMPLETED, 50_000)).join();
    store
        .audit()
        .record(
            new AuditEntry(
                OperatorAction.CANCEL, "old-done", null, "ops", "late", null, Instant.EPOCH));
    ended("old-failed", RunStatus.FAILED, 50_000);
    ended("new-done", RunStatus.COMPLETED, 99_500);
    ended("new-failed", RunStatus.FAILED, 95_000);
    store.queue().insert(newRun("cancelled", null, 1));
    store.operations().cancel("cancelled", "no", null, 2); // no keep for cancelled runs: kept
    failedCompensation("broken", 3);
    running("live", 4);
    ClaimedRun elsewhere =
        ClaimedRun.forward("elsewhere", "other", "1", 1, null, NewRun.DEFAULT_QUEUE);
    store.queue().insert(NewRun.pending("elsewhere", "other", "1", null, 5).ownedBy("n", 10_000));
    store.journal().endRun(end("elsewhere", elsewhere.epoch(), RunStatus.COMPLETED, 6)).join();
    ClaimedRun parent = running("parent", 7);
    store
        .journal()
        .startChild(
            entry("parent", 1, StepKind.CHILD, "wf", StepStatus.EXECUTING, null, parent.epoch()),
            NewRun.child("parent:1", "wf", "1", 8, "parent", 1, false))
        .join();
    ClaimedRun child =
        claim("n", 10, 9).stream().filter(c -> c.id().equals("parent:1")).findFirst().orElseThrow();
    store.journal().endRun(end("parent:1", child.epoch(), RunStatus.COMPLETED, 10)).join();

    assertThat(store.retention().apply(now, 1)).as("in batches of one").isEqualTo(2);
    assertThat(store.reads().runs(RunFilter.all()))
        .extracting(RunInfo::id)
        .containsExactlyInAnyOrder(
            "new-done",
            "new-failed",
            "cancelled",
            "broken",
            "live",
            "elsewhere",
            "parent",
            "parent:1");
    assertThat(store.reads().steps("old-done")).isEmpty();
    assertThat(store.attributes().tags("old-done")).isEmpty();
    assertThat(store.attributes().published("old-done", "p")).isEmpty();
    assertThat(store.audit().ofRun("old-done")).isEmpty();
    assertThat(store.retention().apply(now, 1)).isZero();
  }

  @Test
  void withoutPoliciesApplyingDeletesNothing() {
    ended("done", RunStatus.COMPLETED, 1);
    store.retention().put("wf", WEEK, 2);
    store.retention().put("wf", RetentionPolicy.keep(), 3);

    assertThat(store.retention().apply(Long.MAX_VALUE / 2, 10)).isZero();
    assertThat(store.reads().run("done", false)).isPresent();
  }
}
