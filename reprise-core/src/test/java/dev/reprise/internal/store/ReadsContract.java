package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RunReads}: runs and journals as clients and operators read them. */
public abstract class ReadsContract extends StoreFixture {

  @Test
  void anUnknownRunIsEmpty() {
    assertThat(store.reads().run("nope", true)).isEmpty();
    assertThat(store.reads().steps("nope")).isEmpty();
  }

  @Test
  void aRunIsReadWithOrWithoutItsJournal() {
    ClaimedRun r = running("r", 1);
    store.journal().writeStep(step("r", 1, StepStatus.COMPLETED, "\"a\"", r.epoch()), true).join();
    store.journal().writeStep(step("r", 2, StepStatus.EXECUTING, null, r.epoch()), true).join();

    RunInfo bare = store.reads().run("r", false).orElseThrow();
    RunInfo full = store.reads().run("r", true).orElseThrow();
    assertThat(bare.steps()).isEmpty();
    assertThat(full.steps()).hasSize(2);
    assertThat(full.withSteps(List.of())).isEqualTo(bare);
    assertThat(full.input()).isEqualTo("\"in\"");
    assertThat(full.createdAt()).isEqualTo(Instant.ofEpochMilli(1));
    assertThat(store.reads().steps("r").get(0).output()).isEqualTo("\"a\"");
  }

  @Test
  void listingIsNewestFirstFilteredAndPagedByKeyset() {
    store.queue().insert(newRun("r1", null, 1));
    store.queue().insert(newRun("r2", null, 2));
    store.queue().insert(NewRun.pending("r3", "other", "1", null, 3));

    assertThat(store.reads().runs(RunFilter.all()))
        .extracting(RunInfo::id)
        .containsExactly("r3", "r2", "r1");
    assertThat(store.reads().runs(RunFilter.all().withWorkflow("wf")))
        .extracting(RunInfo::id)
        .containsExactly("r2", "r1");
    assertThat(store.reads().runs(RunFilter.all().withStatus(RunStatus.RUNNING))).isEmpty();
    assertThat(store.reads().runs(RunFilter.all().withSince(Instant.ofEpochMilli(2))))
        .extracting(RunInfo::id)
        .containsExactly("r3", "r2");
    List<RunInfo> page = store.reads().runs(RunFilter.all().withLimit(2));
    assertThat(page).hasSize(2);
    assertThat(
            store
                .reads()
                .runs(RunFilter.all().withLimit(2).withAfter(RunFilter.Cursor.of(page.get(1)))))
        .extracting(RunInfo::id)
        .containsExactly("r1");
  }

  @Test
  void unresolvedListsRunsNotEndedAndFailedCompensationsOldestFirstWithSteps() {
    store.queue().insert(newRun("pending", null, 1));
    ClaimedRun done = running("done", 2);
    store.journal().endRun(end("done", done.epoch(), RunStatus.COMPLETED, 3)).join();
    ClaimedRun broken = running("broken", 4);
    store
        .journal()
        .writeStep(step("broken", 1, StepStatus.COMPLETED, "\"x\"", broken.epoch()), true)
        .join();
    store
        .journal()
        .beginUnwinding(new Unwinding("broken", broken.epoch(), "E", "m", null, 5))
        .join();
    store.journal().endRun(end("broken", broken.epoch(), RunStatus.FAILED_COMPENSATION, 6)).join();

    assertThat(store.reads().unresolved())
        .extracting(RunInfo::id)
        .containsExactly("pending", "broken");
    assertThat(store.reads().unresolved().get(1).steps()).hasSize(1);
  }

  @Test
  void recentIsByLatestActivityWithSteps() {
    store.queue().insert(newRun("created", null, 10));
    ClaimedRun ended = running("ended", 1);
    store.journal().endRun(end("ended", ended.epoch(), RunStatus.COMPLETED, 20)).join();

    assertThat(store.reads().recent(10))
        .extracting(RunInfo::id)
        .containsExactly("ended", "created");
    assertThat(store.reads().recent(1)).hasSize(1);
  }

  @Test
  void countsAreByStatusLeavingOutStatusesWithNone() {
    store.queue().insert(newRun("a", null, 1));
    store.queue().insert(newRun("b", null, 2));
    store.queue().insert(newRun("c", null, 3));
    claim("n", 1, 4);

    assertThat(store.reads().countByStatus())
        .isEqualTo(Map.of(RunStatus.PENDING, 2L, RunStatus.RUNNING, 1L));
  }
}
