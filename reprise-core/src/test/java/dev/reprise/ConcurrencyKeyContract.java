package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrency keys and their limits, on every store. */
public abstract class ConcurrencyKeyContract extends EngineFixture {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * Holds each run in its step until the test lets one go, counting the runs inside by their input
   * (the key they were submitted with).
   */
  static final class Held implements Workflow<String, String> {
    final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();
    final Semaphore letGo = new Semaphore(0);

    @Override
    public String name() {
      return "held";
    }

    @Override
    public String run(RunContext ctx, String key) {
      return ctx.step(
          "hold",
          () -> {
            int now = inside.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            most.computeIfAbsent(key, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            total.incrementAndGet();
            try {
              letGo.acquireUninterruptibly();
            } finally {
              inside.get(key).decrementAndGet();
              total.decrementAndGet();
            }
            return "done " + key;
          });
    }

    int most(String key) {
      return most.getOrDefault(key, new AtomicInteger()).get();
    }
  }

  /** Waits for a signal, so that it holds its key while it waits. */
  static final class Waiter implements Workflow<String, String> {
    @Override
    public String name() {
      return "waiter";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.awaitSignal("go", String.class, Duration.ofDays(1)).orElse("none") + " " + input;
    }
  }

  @Test
  void runsOfOneKeyRunUpToItsLimitAtOnceWhileOtherKeysAndUnkeyedRunsGoOn() {
    Held held = new Held();
    try (Reprise r = db("a").builder().workflow(held).build()) {
      r.concurrencyLimit("tenant", 2);
      r.start();
      List<RunHandle<String>> handles = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        handles.add(
            r.submit(held, "customer", RunOptions.DEFAULT.withConcurrencyKey("customer", "c-1")));
        handles.add(
            r.submit(held, "tenant", RunOptions.DEFAULT.withConcurrencyKey("tenant", "acme")));
      }
      handles.add(r.submit(held, "free"));
      handles.add(r.submit(held, "free"));
      // one customer run, two tenant runs and both free runs start; the other five wait pending
      await().atMost(WAIT).until(() -> held.total.get() == 5);
      assertThat(r.runs(RunFilter.all().withStatus(RunStatus.PENDING))).hasSize(5);
      for (int left = handles.size(); left > 0; left--) {
        await().atMost(WAIT).until(() -> held.total.get() > 0);
        held.letGo.release();
      }
      for (RunHandle<String> h : handles) {
        assertThat(h.result(WAIT)).startsWith("done ");
      }
      assertThat(held.most("customer")).isEqualTo(1);
      assertThat(held.most("tenant")).isEqualTo(2);
      assertThat(held.most("free")).isEqualTo(2);
    }
  }

  @Test
  void aWaitingRunHoldsItsKeyUntilItEnds() {
    Waiter waiter = new Waiter();
    try (Reprise r = db("a").builder().workflow(waiter).build()) {
      r.start();
      RunOptions key = RunOptions.DEFAULT.withConcurrencyKey("customer", "c-7");
      RunHandle<String> first = r.submit(waiter, "first", key);
      RunHandle<String> second = r.submit(waiter, "second", key);
      await().atMost(WAIT).until(() -> r.run(first.id()).status() == RunStatus.WAITING);
      r.signal(first.id(), "go", "hello");
      assertThat(first.result(WAIT)).isEqualTo("hello first");
      await().atMost(WAIT).until(() -> r.run(second.id()).status() == RunStatus.WAITING);
      r.signal(second.id(), "go", "again");
      assertThat(second.result(WAIT)).isEqualTo("again second");
      RunInfo a = r.run(first.id());
      RunInfo b = r.run(second.id());
      assertThat(b.startedAt())
          .as("the second started after the first ended")
          .isAfterOrEqualTo(a.endedAt());
    }
  }

  @Test
  void aHotKeysBacklogLongerThanAClaimLooksAtDoesNotHoldUpOtherKeys() {
    Waiter waiter = new Waiter();
    try (Reprise r = db("a").builder().workflow(waiter).concurrency(4).build()) {
      r.start();
      RunOptions hot = RunOptions.DEFAULT.withConcurrencyKey("customer", "hot");
      RunHandle<String> holder = r.submit(waiter, "holder", hot);
      await().atMost(WAIT).until(() -> r.run(holder.id()).status() == RunStatus.WAITING);
      for (int i = 0; i < 300; i++) {
        r.submit(waiter, "hot " + i, hot);
      }
      RunHandle<String> other =
          r.submit(waiter, "other", RunOptions.DEFAULT.withConcurrencyKey("customer", "cold"));
      await().atMost(WAIT).until(() -> r.run(other.id()).status() == RunStatus.WAITING);
      assertThat(r.runs(RunFilter.all().withStatus(RunStatus.PENDING).withLimit(1000)))
          .hasSize(300);
    }
  }

  @Test
  void aCancelledPendingRunGivesItsPlaceToTheNext() {
    Waiter waiter = new Waiter();
    try (Reprise r = db("a").builder().workflow(waiter).build()) {
      r.start();
      RunOptions key = RunOptions.DEFAULT.withConcurrencyKey("customer", "c-8");
      RunHandle<String> first = r.submit(waiter, "first", key);
      await().atMost(WAIT).until(() -> r.run(first.id()).status() == RunStatus.WAITING);
      RunHandle<String> second = r.submit(waiter, "second", key);
      RunHandle<String> third = r.submit(waiter, "third", key);
      r.cancel(second.id(), "not needed");
      r.cancel(first.id(), "done with it");
      await().atMost(WAIT).until(() -> r.run(third.id()).status() == RunStatus.WAITING);
      assertThat(r.run(second.id()).status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  /** Completes a step, then fails until its input says otherwise. */
  static final class Halfway implements Workflow<String, String> {
    @Override
    public String name() {
      return "halfway";
    }

    @Override
    public String run(RunContext ctx, String input) {
      if (input.equals("fail at once")) {
        throw new IllegalStateException("no");
      }
      ctx.step("one", () -> "done");
      throw new IllegalStateException("after one");
    }
  }

  @Test
  void aRetriedOrForkedRunKeepsTheTagsAndTheConcurrencyKeyOfItsSource() {
    Halfway halfway = new Halfway();
    try (Reprise r = db("a").builder().workflow(halfway).build()) {
      r.start();
      RunOptions options =
          RunOptions.DEFAULT.withTag("region", "eu").withConcurrencyKey("customer", "c-9");
      String atOnce = r.submit(halfway, "fail at once", options).id();
      String afterOne = r.submit(halfway, "after one", options).id();
      await().atMost(WAIT).until(() -> r.run(atOnce).status() == RunStatus.FAILED);
      await().atMost(WAIT).until(() -> r.run(afterOne).status() == RunStatus.FAILED);
      for (String copy : List.of(r.retry(atOnce).id(), r.fork(afterOne, 2).id())) {
        RunInfo info = r.run(copy);
        assertThat(info.tags()).containsEntry("region", "eu");
        assertThat(info.concurrencyKey()).isEqualTo(new ConcurrencyKey("customer", "c-9"));
      }
    }
  }

  @Test
  void limitsAreKeptInTheDatabaseForEveryClient() {
    try (Reprise r = db("a").builder().build()) {
      r.concurrencyLimit("tenant", 5);
      r.concurrencyLimit("region", 3);
      try (RepriseClient other = db("a").builder().buildClient()) {
        assertThat(other.concurrencyLimits())
            .containsExactly(Map.entry("region", 3), Map.entry("tenant", 5));
        other.concurrencyLimit("region", ConcurrencyKey.DEFAULT_LIMIT);
      }
      assertThat(r.concurrencyLimits()).containsExactly(Map.entry("tenant", 5));
      assertThatThrownBy(() -> r.concurrencyLimit("tenant", 0))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("maxRunning");
      assertThatThrownBy(() -> r.concurrencyLimit("", 2))
          .isInstanceOf(RepriseException.class)
          .hasMessageContaining("name");
      assertThatThrownBy(() -> RunOptions.DEFAULT.withConcurrencyKey("customer", ""))
          .isInstanceOf(RepriseException.class)
          .hasMessageContaining("concurrencyKey");
      assertThat(r.concurrencyLimits()).containsExactly(Map.entry("tenant", 5));
    }
  }
}
