package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The same key or id twice: the same run for the same submit, a conflict for another. */
public abstract class IdempotencyContract extends EngineFixture {
  record Order(String id, long cents) {}

  static final class Charge implements Workflow<Order, String> {
    @Override
    public String name() {
      return "charge";
    }

    @Override
    public String run(RunContext ctx, Order order) {
      return ctx.step("charge", () -> order.id() + ":" + order.cents());
    }
  }

  static final class Refund implements Workflow<Order, String> {
    @Override
    public String name() {
      return "refund";
    }

    @Override
    public String run(RunContext ctx, Order order) {
      return order.id();
    }
  }

  @Test
  void theSameKeyWithTheSameInputIsTheSameRunAndWithAnotherIsAConflict() {
    TestDatabase db = db("a");
    try (RepriseClient client =
        db.builder().workflows(List.of(new Charge(), new Refund())).buildClient()) {
      String first =
          client.submit(new Charge(), new Order("o-1", 100), RunOptions.idempotencyKey("k")).id();
      assertThat(
              client
                  .submitJson(
                      "charge",
                      "{ \"cents\": 100, \"id\": \"o-1\" }",
                      RunOptions.idempotencyKey("k"))
                  .id())
          .as("the same value, written another way")
          .isEqualTo(first);

      assertThatThrownBy(
              () ->
                  client.submit(
                      new Charge(), new Order("o-1", 999), RunOptions.idempotencyKey("k")))
          .isInstanceOfSatisfying(
              IdempotencyConflictException.class,
              e -> {
                assertThat(e.runId()).isEqualTo(first);
                assertThat(e.key()).isEqualTo("idempotency key 'k'");
              })
          .hasMessageContaining("another input");
      assertThatThrownBy(
              () ->
                  client.submit(
                      new Refund(), new Order("o-1", 100), RunOptions.idempotencyKey("k")))
          .isInstanceOf(IdempotencyConflictException.class)
          .hasMessageContaining("workflow 'charge'");
      assertThat(client.runs(RunFilter.all())).hasSize(1);
      assertThat(client.run(first).input()).contains("100");
    }
  }

  record Payment(String id, double amount) {}

  static final class Pay implements Workflow<Payment, String> {
    @Override
    public String name() {
      return "pay";
    }

    @Override
    public String run(RunContext ctx, Payment p) {
      return p.id();
    }
  }

  @Test
  void theSameNumberWrittenAnotherWayIsTheSameInput() {
    try (RepriseClient client = db("n").builder().workflow(new Pay()).buildClient()) {
      String first =
          client
              .submitJson("pay", "{\"id\":\"p\",\"amount\":1}", RunOptions.idempotencyKey("k"))
              .id();
      for (String same : List.of("1.0", "1e0", "10E-1", "1.000")) {
        assertThat(
                client
                    .submitJson(
                        "pay",
                        "{\"id\":\"p\",\"amount\":" + same + "}",
                        RunOptions.idempotencyKey("k"))
                    .id())
            .as(same)
            .isEqualTo(first);
      }
      assertThatThrownBy(
              () ->
                  client.submitJson(
                      "pay", "{\"id\":\"p\",\"amount\":1.01}", RunOptions.idempotencyKey("k")))
          .isInstanceOf(IdempotencyConflictException.class);
    }
  }

  @Test
  void theSameRunIdWithAnotherInputIsAConflict() {
    TestDatabase db = db("b");
    try (RepriseClient client = db.builder().workflow(new Charge()).buildClient()) {
      client.submit(new Charge(), new Order("o-1", 1), RunOptions.runId("order-1"));
      assertThat(client.submit(new Charge(), new Order("o-1", 1), RunOptions.runId("order-1")).id())
          .isEqualTo("order-1");
      assertThatThrownBy(
              () -> client.submit(new Charge(), new Order("o-1", 2), RunOptions.runId("order-1")))
          .isInstanceOf(IdempotencyConflictException.class)
          .hasMessageContaining("run id 'order-1'");
    }
  }

  @Test
  void concurrentSubmitsOfOneKeyWithTwoInputsMakeOneRunAndConflictsForTheOther() throws Exception {
    TestDatabase db = db("c");
    int callers = 16;
    try (Reprise r = db.builder().workflow(new Charge()).build()) {
      r.start();
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> outcomes = new ArrayList<>();
      Set<Long> conflictedCents = ConcurrentHashMap.newKeySet();
      try (var pool = Executors.newFixedThreadPool(callers)) {
        for (int i = 0; i < callers; i++) {
          long cents = i % 2 == 0 ? 100 : 200;
          outcomes.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      return r.submit(
                                  new Charge(),
                                  new Order("o-1", cents),
                                  RunOptions.idempotencyKey("shared"))
                              .id()
                          + "@"
                          + cents;
                    } catch (IdempotencyConflictException e) {
                      conflictedCents.add(cents);
                      return "conflict@" + cents;
                    }
                  }));
        }
        go.countDown();
        List<String> results = new ArrayList<>();
        for (Future<String> f : outcomes) {
          results.add(f.get());
        }
        List<RunInfo> runs = r.runs(RunFilter.all());
        assertThat(runs).hasSize(1);
        String winnerCents = runs.get(0).input().contains("200") ? "200" : "100";
        assertThat(results)
            .allSatisfy(
                out ->
                    assertThat(out)
                        .isIn(
                            runs.get(0).id() + "@" + winnerCents,
                            "conflict@" + (winnerCents.equals("100") ? "200" : "100")));
        assertThat(conflictedCents).doesNotContain(Long.parseLong(winnerCents));
      }
    }
  }
}
