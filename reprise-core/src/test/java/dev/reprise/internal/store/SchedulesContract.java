package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.MisfirePolicy;
import dev.reprise.RunStatus;
import dev.reprise.Schedule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link ScheduleRows}: the cron schedules, and fires that start one run each. */
public abstract class SchedulesContract extends StoreFixture {

  private static Schedule every(String name, long nextFire) {
    return new Schedule(
        name,
        "* * * * *",
        "UTC",
        "wf",
        "\"in\"",
        MisfirePolicy.SKIP,
        false,
        Instant.ofEpochMilli(nextFire),
        null);
  }

  @Test
  void aScheduleIsCreatedOnceAndReadBack() {
    assertThat(store.schedules().create(every("b", 120_000), 1)).isTrue();
    assertThat(store.schedules().create(every("a", 60_000), 1)).isTrue();
    assertThat(store.schedules().create(every("a", 1), 2)).as("the name is taken").isFalse();

    assertThat(store.schedules().list()).extracting(Schedule::name).containsExactly("a", "b");
    assertThat(store.schedules().get("a")).contains(every("a", 60_000));
    assertThat(store.schedules().get("nope")).isEmpty();
    assertThat(store.schedules().nextFireAt()).isEqualTo(60_000L);
  }

  @Test
  void aPausedScheduleIsNotDueUntilResumed() {
    store.schedules().create(every("a", 60_000), 1);

    assertThat(store.schedules().due(60_000)).extracting(Schedule::name).containsExactly("a");
    assertThat(store.schedules().setPaused("a", true, null)).isTrue();
    assertThat(store.schedules().due(60_000)).isEmpty();
    assertThat(store.schedules().nextFireAt()).isNull();
    assertThat(store.schedules().get("a").orElseThrow().paused()).isTrue();
    assertThat(store.schedules().setPaused("a", false, 180_000L)).isTrue();
    assertThat(store.schedules().due(120_000)).isEmpty();
    assertThat(store.schedules().nextFireAt()).isEqualTo(180_000L);
    assertThat(store.schedules().setPaused("nope", true, null)).isFalse();
  }

  @Test
  void aFireStartsOneRunAndMovesTheScheduleOnlyFromTheTimeItExpected() {
    store.schedules().create(every("a", 60_000), 1);
    NewRun run = NewRun.pending("schedule:a:60000", "wf", "\"in\"", null, 60_001);

    assertThat(store.schedules().fire("a", 60_000, 120_000, run, 60_001)).isTrue();
    assertThat(store.schedules().fire("a", 60_000, 120_000, run, 60_002))
        .as("another process moved it first")
        .isFalse();
    Schedule moved = store.schedules().get("a").orElseThrow();
    assertThat(moved.nextFireAt()).isEqualTo(Instant.ofEpochMilli(120_000));
    assertThat(moved.lastFireAt()).isEqualTo(Instant.ofEpochMilli(60_001));
    assertThat(status("schedule:a:60000")).isEqualTo(RunStatus.PENDING);

    assertThat(store.schedules().fire("a", 120_000, 180_000, null, 180_500))
        .as("a skipped misfire moves on without a run")
        .isTrue();
    assertThat(store.schedules().get("a").orElseThrow().lastFireAt())
        .isEqualTo(Instant.ofEpochMilli(60_001));
  }

  @Test
  void aDeletedScheduleIsGone() {
    store.schedules().create(every("a", 60_000), 1);

    assertThat(store.schedules().delete("a")).isTrue();
    assertThat(store.schedules().delete("a")).isFalse();
    assertThat(store.schedules().list()).isEmpty();
  }
}
