package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.AuditEntry;
import dev.reprise.OperatorAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AuditLog}: who did what to a run or a schedule, when and why, read back in order. */
public abstract class AuditContract extends StoreFixture {

  private static AuditEntry onRun(
      OperatorAction action, String runId, String actor, String reason, String detail, long at) {
    return new AuditEntry(action, runId, null, actor, reason, detail, Instant.ofEpochMilli(at));
  }

  private static AuditEntry onSchedule(
      OperatorAction action, String name, String actor, String reason, String detail, long at) {
    return new AuditEntry(action, null, name, actor, reason, detail, Instant.ofEpochMilli(at));
  }

  @Test
  void aRunsEntriesReadBackOldestFirstWithWhoAndWhy() {
    store.queue().insert(newRun("r", null, 1));
    store.queue().insert(newRun("other", null, 1));
    AuditEntry cancel = onRun(OperatorAction.CANCEL, "r", "ops-1", "customer asked", null, 5_000);
    AuditEntry retry = onRun(OperatorAction.RETRY, "r", "ops-2", null, "run-2", 7_000);
    AuditEntry sameTime = onRun(OperatorAction.RESUME, "r", "ops-3", null, null, 7_000);
    AuditEntry earlier = onRun(OperatorAction.APPROVE, "r", "ops-1", "looks right", null, 3_000);
    AuditEntry elsewhere = onRun(OperatorAction.REJECT, "other", "ops-4", "no", null, 4_000);
    for (AuditEntry e : List.of(cancel, retry, sameTime, earlier, elsewhere)) {
      store.audit().record(e);
    }

    assertThat(store.audit().ofRun("r"))
        .as("by time, then in the order they were recorded")
        .containsExactly(earlier, cancel, retry, sameTime);
    assertThat(store.audit().ofRun("other")).containsExactly(elsewhere);
    assertThat(store.audit().ofRun("nope")).isEmpty();
    assertThat(store.audit().ofSchedule("r")).as("a run is no schedule").isEmpty();
  }

  @Test
  void aSchedulesEntriesAreKeptApartFromOtherSchedules() {
    AuditEntry create =
        onSchedule(OperatorAction.SCHEDULE_CREATE, "nightly", "ops-1", null, "0 2 * * * wf", 1);
    AuditEntry pause =
        onSchedule(OperatorAction.SCHEDULE_PAUSE, "nightly", "ops-2", "maintenance", null, 2);
    AuditEntry other = onSchedule(OperatorAction.SCHEDULE_DELETE, "weekly", "ops-1", null, null, 3);
    for (AuditEntry e : List.of(create, pause, other)) {
      store.audit().record(e);
    }

    assertThat(store.audit().ofSchedule("nightly")).containsExactly(create, pause);
    assertThat(store.audit().ofSchedule("weekly")).containsExactly(other);
    assertThat(store.audit().ofSchedule("none")).isEmpty();
    assertThat(store.audit().ofRun("nightly")).isEmpty();
  }

  @Test
  void everyActionIsReadBackAsItWasRecorded() {
    store.queue().insert(newRun("r", null, 1));
    List<AuditEntry> onRun = new ArrayList<>();
    List<AuditEntry> onSchedule = new ArrayList<>();
    for (OperatorAction action : OperatorAction.values()) {
      long at = 10 + action.ordinal();
      AuditEntry e =
          action.onSchedule()
              ? onSchedule(action, "s", "ops", "why " + action.label(), null, at)
              : onRun(action, "r", "ops", "why " + action.label(), "made " + at, at);
      store.audit().record(e);
      (action.onSchedule() ? onSchedule : onRun).add(e);
    }

    assertThat(store.audit().ofRun("r")).containsExactlyElementsOf(onRun);
    assertThat(store.audit().ofSchedule("s")).containsExactlyElementsOf(onSchedule);
  }

  @Test
  void aRunsEntriesGoWithTheRunWhenItIsDeleted() {
    ended("r", dev.reprise.RunStatus.COMPLETED, 1);
    store.audit().record(onRun(OperatorAction.CANCEL, "r", "ops", "late", null, 2));

    assertThat(store.operations().vacuum(10, 10)).isEqualTo(1);
    assertThat(store.audit().ofRun("r")).isEmpty();
  }
}
