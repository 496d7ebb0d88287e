package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget of the runs executing at once: large runs start a few at a time, however many
 * slots are free, and every one of them still completes.
 */
class RunMemoryTest {
  private static final int MIB = 1024 * 1024;

  @TempDir Path dir;

  /** Holds each run in its step until the test lets one go, counting how many are inside. */
  static final class Held implements Workflow<String, Integer> {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger most = new AtomicInteger();
    final Semaphore letGo = new Semaphore(0);

    @Override
    public String name() {
      return "held";
    }

    @Override
    public Integer run(RunContext ctx, String input) {
      return ctx.step(
          "hold",
          () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
              letGo.acquire();
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            } finally {
              inside.decrementAndGet();
            }
            return input.length();
          });
    }
  }

  @Test
  void runsOfLargeInputsStartAFewAtATimeAndAllComplete() throws Exception {
    Held held = new Held();
    String big = "x".repeat(MIB); // charged 4 MiB and a little
    try (Reprise r =
        Reprise.builder()
            .sqlite(dir.resolve("big.db"))
            .concurrency(256)
            .runMemory(10L * MIB)
            .workflow(held)
            .build()) {
      r.start();
      List<RunHandle<Integer>> handles = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        handles.add(r.submit(held, big));
      }
      for (int ended = 0; ended < 20; ended++) {
        awaitInside(held);
        held.letGo.release();
      }
      for (RunHandle<Integer> h : handles) {
        assertThat(h.result(Duration.ofSeconds(60))).isEqualTo(MIB);
      }
      // 20 free slots, but room for two runs of 4 MiB in 10 MiB, and a third the dispatcher may
      // claim beside them
      assertThat(held.most.get()).isBetween(1, 3);
    }
  }

  @Test
  void aRunLargerThanTheWholeBudgetStillRuns() {
    Held held = new Held();
    held.letGo.release(2);
    try (Reprise r = Reprise.builder().sqliteInMemory().runMemory(1024).workflow(held).build()) {
      r.start();
      assertThat(r.submit(held, "y".repeat(MIB)).result(Duration.ofSeconds(30))).isEqualTo(MIB);
      assertThat(r.submit(held, "z".repeat(MIB)).result(Duration.ofSeconds(30))).isEqualTo(MIB);
    }
  }

  @Test
  void aBudgetBelowOneByteIsRefusedNamingIt() {
    assertThatThrownBy(() -> Reprise.builder().sqliteInMemory().runMemory(0).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("runMemory");
  }

  private static void awaitInside(Held held) {
    await().atMost(Duration.ofSeconds(60)).until(() -> held.inside.get() > 0);
  }
}
