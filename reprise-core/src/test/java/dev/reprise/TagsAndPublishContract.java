package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Jdbc;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tags, search by tags and published values, on every store. */
public abstract class TagsAndPublishContract extends EngineFixture {
  record Progress(String stage, int done) {}

  /** Tags the run with its customer, publishes its progress, then waits for a "go" signal. */
  static final class Order implements Workflow<String, String> {
    @Override
    public String name() {
      return "order";
    }

    @Override
    public String run(RunContext ctx, String customer) {
      ctx.tag("customer", customer);
      ctx.publish("progress", new Progress("reserved", 1));
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      ctx.tag("stage", "shipped");
      ctx.publish("progress", new Progress("shipped", 2));
      return "done " + customer;
    }
  }

  /** Tags as the test says, catching a refusal so the run can tell what it met. */
  static final class Tagger implements Workflow<Map<String, String>, String> {
    @Override
    public String name() {
      return "tagger";
    }

    @Override
    public String run(RunContext ctx, Map<String, String> tags) {
      try {
        tags.forEach(ctx::tag);
        return "ok";
      } catch (RepriseException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
      }
    }
  }

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aRunIsFoundByTheTagsItSetAndByTagsGivenAtSubmit() {
    Order order = new Order();
    try (Reprise r = db("a").builder().workflow(order).build()) {
      r.start();
      var c1 = r.submit(order, "c-1", RunOptions.DEFAULT.withTag("region", "eu"));
      var c2 = r.submit(order, "c-2", RunOptions.DEFAULT.withTag("region", "eu"));
      var c1b = r.submit(order, "c-1", RunOptions.DEFAULT.withTag("region", "us"));
      await()
          .atMost(WAIT)
          .until(() -> r.runs(RunFilter.all().withTag("customer", "c-1")).size() == 2);

      assertThat(r.runs(RunFilter.all().withTag("customer", "c-1")))
          .extracting(RunInfo::id)
          .containsExactly(c1b.id(), c1.id());
      assertThat(r.runs(RunFilter.all().withTag("customer", "c-1").withTag("region", "eu")))
          .extracting(RunInfo::id)
          .containsExactly(c1.id());
      assertThat(r.runs(RunFilter.all().withTag("region", "eu").withLimit(1)))
          .extracting(RunInfo::id)
          .containsExactly(c2.id());
      assertThat(r.runs(RunFilter.all().withTag("customer", "c-9"))).isEmpty();
      assertThat(r.run(c1.id()).tags())
          .containsExactlyEntriesOf(sorted("customer", "c-1", "region", "eu"));
      assertThat(r.runs(RunFilter.all().withTag("customer", "c-2")).getFirst().tags())
          .containsEntry("customer", "c-2");
    }
  }

  @Test
  void aPublishedValueIsReadWhileTheRunWaitsAndAfterItEnded() {
    Order order = new Order();
    try (Reprise r = db("a").builder().workflow(order).build()) {
      r.start();
      var run = r.submit(order, "c-1");
      await().atMost(WAIT).until(() -> r.run(run.id()).status() == RunStatus.WAITING);

      assertThat(r.published(run.id(), "progress", Progress.class))
          .contains(new Progress("reserved", 1));
      assertThat(r.published(run.id(), "progress").orElseThrow().json())
          .isEqualTo("{\"stage\":\"reserved\",\"done\":1}");
      assertThat(r.published(run.id(), "nothing", Progress.class)).isEmpty();

      r.signal(run.id(), "go", "now");
      assertThat(run.result(WAIT)).isEqualTo("done c-1");
      PublishedValue last = r.published(run.id(), "progress").orElseThrow();
      assertThat(last.json()).contains("shipped");
      assertThat(last.seq()).isEqualTo(5);
      assertThat(r.run(run.id()).tags()).containsEntry("stage", "shipped");
    }
  }

  @Test
  void aReplayDoesNotWriteTagsOrPublishedValuesAgainNorMoveThemBack() {
    Order order = new Order();
    String id;
    try (Reprise r = db("a").builder().workflow(order).build()) {
      r.start();
      id = r.submit(order, "c-1").id();
      await().atMost(WAIT).until(() -> r.run(id).status() == RunStatus.WAITING);
    }
    List<StepInfo> before = journal(id);
    try (Reprise r = db("a").builder().workflow(order).build()) {
      r.start();
      r.signal(id, "go", "now");
      assertThat(r.handle(id, new TypeRef<String>() {}).result(WAIT)).isEqualTo("done c-1");
      List<StepInfo> after = r.run(id).steps();
      // the replayed entries are as first written: same positions, kinds and times
      assertThat(after.subList(0, 2)).isEqualTo(before.subList(0, 2));
      assertThat(after)
          .extracting(StepInfo::kind)
          .containsExactly(
              StepKind.TAG, StepKind.PUBLISH, StepKind.SIGNAL, StepKind.TAG, StepKind.PUBLISH);
      assertThat(r.published(id, "progress", Progress.class)).contains(new Progress("shipped", 2));
      assertThat(r.run(id).tags())
          .containsExactlyEntriesOf(sorted("customer", "c-1", "stage", "shipped"));
    }
    try (Jdbc sql = db("a").jdbc()) {
      assertThat(sql.count("select count(*) from run_tags where run_id = ?", id)).isEqualTo(2);
      assertThat(sql.count("select count(*) from run_published where run_id = ?", id)).isEqualTo(1);
    }
  }

  private List<StepInfo> journal(String id) {
    try (RepriseClient c = db("a").builder().buildClient()) {
      return c.steps(id);
    }
  }

  @Test
  void aTagOverALimitFailsTheCallNamingTheFieldAndWritesNothing() {
    Tagger tagger = new Tagger();
    try (Reprise r = db("a").builder().workflow(tagger).build()) {
      r.start();
      Map<String, String> many = new java.util.LinkedHashMap<>();
      for (int i = 0; i < Tags.MAX_PER_RUN; i++) {
        many.put("t" + i, "v");
      }
      many.put("zz-one-too-many", "v");
      var tooMany = r.submit(tagger, many);
      assertThat(tooMany.result(WAIT)).startsWith("TagLimitException: tags:");
      assertThat(r.run(tooMany.id()).tags())
          .hasSize(Tags.MAX_PER_RUN)
          .doesNotContainKey("zz-one-too-many");
      assertThat(r.run(tooMany.id()).steps()).hasSize(Tags.MAX_PER_RUN);

      var longValue = r.submit(tagger, Map.of("note", "x".repeat(Tags.MAX_VALUE + 1)));
      assertThat(longValue.result(WAIT)).startsWith("InvalidConfigurationException: value:");
      var badName = r.submit(tagger, Map.of("customer:id", "c"));
      assertThat(badName.result(WAIT)).startsWith("InvalidConfigurationException: name:");
      assertThat(r.run(longValue.id()).steps()).isEmpty();
      assertThat(r.run(badName.id()).tags()).isEmpty();
    }
  }

  @Test
  void badTagsAtSubmitAreRefusedNamingTheFieldAndNothingIsStored() {
    Order order = new Order();
    try (Reprise r = db("a").builder().workflow(order).build()) {
      assertThatThrownBy(() -> RunOptions.DEFAULT.withTag("", "v"))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("tags:");
      assertThatThrownBy(() -> RunOptions.DEFAULT.withTag("customer", " ".repeat(0)))
          .isInstanceOf(InvalidConfigurationException.class)
          .extracting(e -> ((InvalidConfigurationException) e).field())
          .isEqualTo("tags.customer");
      Map<String, String> many = new HashMap<>();
      for (int i = 0; i <= Tags.MAX_PER_RUN; i++) {
        many.put("t" + i, "v");
      }
      assertThatThrownBy(() -> RunOptions.DEFAULT.withTags(many))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("at most 32 tags");
      assertThatThrownBy(() -> RunFilter.all().withTag("customer", "\u202Eevil"))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("tag.customer:");
      assertThat(r.runs(RunFilter.all())).isEmpty();
    }
  }

  @Test
  void publishRefusesABadNameAndAValueOverItsSize() {
    Workflow<String, String> big =
        new Workflow<>() {
          @Override
          public String name() {
            return "big";
          }

          @Override
          public String run(RunContext ctx, String input) {
            try {
              ctx.publish(input, "x".repeat(PublishedValue.MAX_JSON_CHARS));
              return "published";
            } catch (InvalidConfigurationException e) {
              return e.field();
            }
          }
        };
    try (Reprise r = db("a").builder().workflow(big).build()) {
      r.start();
      var tooBig = r.submit(big, "fine-name");
      assertThat(tooBig.result(WAIT)).isEqualTo("value");
      var badName = r.submit(big, "a/b");
      assertThat(badName.result(WAIT)).isEqualTo("name");
      assertThat(r.published(tooBig.id(), "fine-name")).isEmpty();
      assertThat(r.run(tooBig.id()).steps()).isEmpty();
      assertThatThrownBy(() -> r.published("no-such-run", "x"))
          .isInstanceOf(RunNotFoundException.class);
    }
  }

  private static Map<String, String> sorted(String... kv) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
