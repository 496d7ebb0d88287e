package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.PublishedValue;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RunAttributes}: tags and published values, each written with its journal entry and fenced
 * as the entry is.
 */
public abstract class AttributesContract extends StoreFixture {

  /** The completed entry of a {@code ctx.tag} at {@code seq}, under {@code epoch}. */
  private static StepWrite tagEntry(String runId, int seq, String name, long epoch) {
    return completed(runId, seq, StepKind.TAG, name, epoch);
  }

  /** The completed entry of a {@code ctx.publish} at {@code seq}, ended at {@code 100 * seq}. */
  private static StepWrite publishEntry(String runId, int seq, String name, long epoch) {
    return completed(runId, seq, StepKind.PUBLISH, name, epoch);
  }

  private static StepWrite completed(String runId, int seq, StepKind kind, String name, long e) {
    return new StepWrite(
        runId,
        seq,
        name,
        kind,
        StepStatus.COMPLETED,
        false,
        null,
        null,
        null,
        null,
        1,
        e,
        10L * seq,
        100L * seq,
        false);
  }

  @Test
  void aTagIsWrittenWithItsEntryAndALaterTagOfTheSameNameReplacesIt() {
    ClaimedRun r = running("r", 1);

    store.attributes().tag(tagEntry("r", 1, "tier", r.epoch()), "tier", "gold").join();
    store.attributes().tag(tagEntry("r", 2, "region", r.epoch()), "region", "eu").join();
    store.attributes().tag(tagEntry("r", 3, "tier", r.epoch()), "tier", "platinum").join();

    assertThat(store.attributes().tags("r"))
        .containsExactly(Map.entry("region", "eu"), Map.entry("tier", "platinum"));
    assertThat(store.reads().steps("r"))
        .extracting(StepInfo::kind)
        .containsExactly(StepKind.TAG, StepKind.TAG, StepKind.TAG);
    assertThat(store.attributes().tags("untagged")).isEmpty();
  }

  @Test
  void aReplayedTagDoesNotMoveTheTagBack() {
    ClaimedRun r = running("r", 1);
    store.attributes().tag(tagEntry("r", 1, "tier", r.epoch()), "tier", "gold").join();
    store.attributes().tag(tagEntry("r", 2, "tier", r.epoch()), "tier", "platinum").join();

    // a replay meets entry 1 again: it is recorded already, so nothing goes with it
    store.attributes().tag(tagEntry("r", 1, "tier", r.epoch()), "tier", "gold").join();

    assertThat(store.attributes().tags("r")).containsExactly(Map.entry("tier", "platinum"));
  }

  @Test
  void aTagOrAPublishOfARunNotHeldUnderItsEpochWritesNothing() {
    ClaimedRun taken = running("taken", 1);
    store.queue().release(Map.of("taken", taken.epoch()), 2, false); // its epoch moved on
    ClaimedRun ended = ended("ended", RunStatus.COMPLETED, 3);

    for (String id : List.of("taken", "ended", "nope")) {
      long epoch = id.equals("taken") ? taken.epoch() : ended.epoch();
      assertThatThrownBy(
              () -> store.attributes().tag(tagEntry(id, 1, "tier", epoch), "tier", "gold").join())
          .as(id)
          .hasCauseInstanceOf(LeaseLostException.class);
      assertThatThrownBy(
              () ->
                  store
                      .attributes()
                      .publish(publishEntry(id, 2, "progress", epoch), "progress", "1")
                      .join())
          .as(id)
          .hasCauseInstanceOf(LeaseLostException.class);
      assertThat(store.attributes().tags(id)).as(id).isEmpty();
      assertThat(store.attributes().published(id, "progress")).as(id).isEmpty();
      assertThat(store.reads().steps(id)).as(id).isEmpty();
    }
  }

  @Test
  void theTagsOfManyRunsAreReadTogetherLeavingOutRunsWithoutAny() {
    ClaimedRun a = running("a", 1);
    running("b", 1);
    ClaimedRun c = running("c", 1);
    store.attributes().tag(tagEntry("a", 1, "tier", a.epoch()), "tier", "gold").join();
    store.attributes().tag(tagEntry("c", 1, "tier", c.epoch()), "tier", "silver").join();
    store.attributes().tag(tagEntry("c", 2, "region", c.epoch()), "region", "us").join();
    List<String> ids = new ArrayList<>(List.of("a", "b"));
    for (int i = 0; i < 600; i++) {
      ids.add("unknown-" + i); // more than one read's worth of ids
    }
    ids.add("c");

    assertThat(store.attributes().tagsOf(ids))
        .containsOnly(
            Map.entry("a", Map.of("tier", "gold")),
            Map.entry("c", Map.of("region", "us", "tier", "silver")));
    assertThat(store.attributes().tagsOf(List.of())).isEmpty();
  }

  @Test
  void thePublishedValueIsThatOfTheLatestEntryEvenWhenAnEarlierOneIsWrittenAfterIt() {
    ClaimedRun r = running("r", 1);
    store
        .attributes()
        .publish(publishEntry("r", 1, "progress", r.epoch()), "progress", "10")
        .join();
    store
        .attributes()
        .publish(publishEntry("r", 3, "progress", r.epoch()), "progress", "30")
        .join();
    store
        .attributes()
        .publish(publishEntry("r", 2, "progress", r.epoch()), "progress", "20")
        .join();
    store
        .attributes()
        .publish(publishEntry("r", 4, "stage", r.epoch()), "stage", "\"ship\"")
        .join();

    assertThat(store.attributes().published("r", "progress"))
        .contains(new PublishedValue("r", "progress", "30", 3, Instant.ofEpochMilli(300)));
    assertThat(store.attributes().published("r", "stage").orElseThrow().json())
        .isEqualTo("\"ship\"");
    assertThat(store.attributes().published("r", "other")).isEmpty();
    assertThat(store.attributes().published("nope", "progress")).isEmpty();
    assertThat(store.reads().steps("r")).hasSize(4);
  }
}
