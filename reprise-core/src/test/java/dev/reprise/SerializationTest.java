package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.testing.Jdbc;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values survive the journal: each workflow runs once, then is replayed from what was recorded. */
class SerializationTest {
  @TempDir Path dir;

  record Item(String sku, int qty) {}

  record Order(String id, List<Item> items, Instant placedAt, LocalDate due, String note) {}

  record Summary(
      Order order,
      List<Item> replayedItems,
      Map<String, Integer> counts,
      String nothing,
      Instant at) {}

  static final class Orders implements Workflow<Order, Summary> {
    final AtomicInteger bodies = new AtomicInteger();

    @Override
    public String name() {
      return "orders";
    }

    @Override
    public Summary run(RunContext ctx, Order order) {
      Order copy = ctx.step("copy", () -> counted(order));
      List<Item> items =
          ctx.step("items", new TypeRef<List<Item>>() {}, () -> counted(order.items()));
      Map<String, Integer> counts =
          ctx.step(
              "counts",
              new TypeRef<Map<String, Integer>>() {},
              () -> counted(Map.of("lines", items.size())));
      String nothing = ctx.step("nothing", () -> counted((String) null));
      Instant at = ctx.step("at", () -> counted(order.placedAt()));
      return new Summary(copy, items, counts, nothing, at);
    }

    private <T> T counted(T value) {
      bodies.incrementAndGet();
      return value;
    }
  }

  @Test
  void recordsGenericsNullsAndJavaTimeRoundTripThroughTheJournal() {
    Path db = dir.resolve("s.db");
    Order order =
        new Order(
            "o-1",
            List.of(new Item("apple", 2), new Item("pear", 1)),
            Instant.parse("2026-05-01T10:15:30.123Z"),
            LocalDate.parse("2026-06-01"),
            null);
    Orders first = new Orders();
    Summary original;
    String runId;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(first).build()) {
      r.start();
      var handle = r.submit(first, order);
      runId = handle.id();
      original = handle.result(Duration.ofSeconds(10));
    }
    assertThat(original.order()).isEqualTo(order);
    assertThat(first.bodies).hasValue(5);

    // Make the finished run look interrupted before its end was recorded, and replay it.
    try (Jdbc sql = Jdbc.open(db)) {
      sql.update(
          "update runs set status = 'running', output = null, ended_at = null where id = ?", runId);
    }
    Orders second = new Orders();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(second).build()) {
      r.start();
      Summary replayed = r.handle(runId, TypeRef.of(Summary.class)).result(Duration.ofSeconds(10));

      assertThat(second.bodies).hasValue(0);
      assertThat(replayed).isEqualTo(original);
      assertThat(replayed.replayedItems().get(0)).isInstanceOf(Item.class);
      assertThat(replayed.nothing()).isNull();
    }
  }

  @Test
  void anOutputThatCannotBeWrittenAsJsonFailsTheStep() {
    Workflow<String, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "bad-output";
          }

          @Override
          public String run(RunContext ctx, String input) {
            ctx.step("opaque", () -> new Object());
            return "unreachable";
          }
        };
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(w).build()) {
      r.start();
      var failure =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              RunFailedException.class, () -> r.submit(w, "x").result(Duration.ofSeconds(10)));
      assertThat(failure.errorType()).isEqualTo("output_not_serializable");
    }
  }
}
