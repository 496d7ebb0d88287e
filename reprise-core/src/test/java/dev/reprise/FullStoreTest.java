package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.PageLimit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full store without root: the SQLite file capped at its size ({@link PageLimit}). Writes fail
 * with a {@link StoreFullException} naming the file, the store says so until a write goes through,
 * no run is lost, and once the cap is lifted the engine writes again by itself: every run
 * completes, with no restart.
 */
class FullStoreTest {
  @TempDir Path dir;
  private PageLimit limit;

  /** A step whose output needs new pages, returned once the test opens the gate. */
  static final class Large implements Workflow<String, Integer> {
    final CountDownLatch gate = new CountDownLatch(1);
    final Map<String, AtomicInteger> bodies = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "large";
    }

    @Override
    public Integer run(RunContext ctx, String in) {
      // one attempt: a store failure counted against it would fail the run at once
      String a =
          ctx.step(
              "a",
              StepOptions.retry(RetryPolicy.NONE),
              () -> {
                bodies.computeIfAbsent(in, k -> new AtomicInteger()).incrementAndGet();
                gate.await();
                return in + "x".repeat(30_000);
              });
      return ctx.step("b", () -> a.length());
    }

    int bodies(String in) {
      AtomicInteger n = bodies.get(in);
      return n == null ? 0 : n.get();
    }
  }

  @BeforeEach
  void install() {
    limit = PageLimit.install();
  }

  @AfterEach
  void uninstall() {
    limit.close();
  }

  private Reprise engine(Path db, Workflow<?, ?> workflow) {
    return Reprise.builder()
        .sqlite(db)
        .workflow(workflow)
        .pollInterval(Duration.ofMillis(50))
        .build();
  }

  @Test
  void stepOutcomesTheFullStoreRefusedAreWrittenOnceSpaceReturnsAndEveryRunCompletes() {
    Path db = dir.resolve("reprise.db");
    Large large = new Large();
    try (Reprise r = engine(db, large)) {
      r.start();
      List<RunHandle<Integer>> runs = new ArrayList<>();
      List<String> inputs = List.of("r0", "r1", "r2", "r3");
      for (String in : inputs) {
        runs.add(r.submit(large, in));
      }
      await().until(() -> inputs.stream().allMatch(in -> large.bodies(in) == 1));
      limit.fillUp();
      large.gate.countDown();

      // no submit failed: the engine's own write (a step's outcome) tells that the store is full
      await().until(() -> r.storeWriteFailure().isPresent());
      StoreWriteFailure failure = r.storeWriteFailure().orElseThrow();
      assertThat(failure.error()).isInstanceOf(StoreFullException.class);
      assertThat(failure.error().location()).isEqualTo(db.toString());
      assertThat(failure.error().getMessage()).startsWith(db + ": ").contains("SQLITE_FULL");
      assertThatThrownBy(() -> r.submit(large, "y".repeat(30_000)))
          .isInstanceOf(StoreFullException.class)
          .hasMessageStartingWith(db + ": journal write: the disk is full");

      // each run is given back and its step run again while the store is full: not failed for it
      await()
          .until(
              () ->
                  inputs.stream().allMatch(in -> large.bodies(in) >= 2)
                      || runs.stream().anyMatch(h -> r.run(h.id()).status().isTerminal()));
      for (RunHandle<Integer> h : runs) {
        assertThat(r.run(h.id()).status()).as(h.id()).isNotEqualTo(RunStatus.FAILED);
      }

      limit.lift();
      for (RunHandle<Integer> h : runs) {
        assertThat(h.result(Duration.ofSeconds(30))).isEqualTo(30_002);
      }
      assertThat(r.storeWriteFailure()).isEmpty();
      assertThat(r.submit(large, "after").result(Duration.ofSeconds(30))).isEqualTo(30_005);
    }
  }

  @Test
  void theStoreIsSaidFullUntilAWriteThatChangesSomethingGoesThrough() {
    Path db = dir.resolve("reprise.db");
    Large large = new Large();
    large.gate.countDown();
    try (Reprise r = engine(db, large)) {
      r.start();
      limit.fillUp();
      String tooLarge = "y".repeat(30_000);
      assertThatThrownBy(() -> r.submit(large, tooLarge)).isInstanceOf(StoreFullException.class);
      StoreWriteFailure first = r.storeWriteFailure().orElseThrow();
      assertThatThrownBy(() -> r.submit(large, tooLarge)).isInstanceOf(StoreFullException.class);
      assertThat(r.storeWriteFailure().orElseThrow().since()).isEqualTo(first.since());

      // the dispatcher's claims find no run: commits that change nothing, and need no space
      limit.lift();
      limit.awaitCommits(5);
      assertThat(r.storeWriteFailure()).as("no write has gone through yet").isPresent();

      assertThat(r.submit(large, "small").result(Duration.ofSeconds(30))).isEqualTo(30_005);
      assertThat(r.storeWriteFailure()).isEmpty();
    }
  }
}
