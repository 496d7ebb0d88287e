package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code that changed under a run, or will not let go, while the run unwinds: the run stops for an
 * operator instead of looping, and a body fenced off an ended run writes nothing.
 */
class ChangedCodeWhileUnwindingTest {
  @TempDir Path dir;

  /** a and b with compensations (b's always fails), then c fails; v2 dropped b's compensation. */
  static final class Versioned implements Workflow<String, String> {
    volatile int version = 1;
    final AtomicInteger calls = new AtomicInteger();
    final List<String> effects = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "versioned";
    }

    @Override
    public String run(RunContext ctx, String in) {
      calls.incrementAndGet();
      ctx.step("a", () -> "A", a -> effects.add("undo a"));
      if (version == 1) {
        ctx.step(
            "b",
            StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE),
            () -> "B",
            b -> {
              throw new IllegalStateException("refund api down");
            });
      } else {
        ctx.step("b", () -> "B");
      }
      ctx.step(
          "c",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            throw new IllegalStateException("boom");
          });
      return "done";
    }
  }

  @Test
  void aMismatchAmongTheCompensationsEndsTheRunFailedCompensationNamingWhatIsNotUndone() {
    Versioned w = new Versioned();
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("a.db")).workflow(w).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).status() == RunStatus.FAILED_COMPENSATION);
      int before = w.calls.get();
      w.version = 2; // a deploy: b lost its compensation
      r.retryCompensation(id);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).status() == RunStatus.FAILED_COMPENSATION);
      RunInfo run = r.run(id);
      assertThat(run.failureReason()).contains("nondeterminism").contains("not undone: 'a'");
      assertThat(w.calls.get() - before).as("executions after the retry").isEqualTo(1);
      assertThat(w.effects).isEmpty();
    }
  }

  /** a, b, c with compensations (c's fails in v1), then d fails; v2 has none for b. */
  static final class DropsOne implements Workflow<String, String> {
    volatile int version = 1;
    final List<String> effects = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "drops-one";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("a", () -> "A", a -> effects.add("undo a"));
      if (version == 1) {
        ctx.step("b", () -> "B", b -> effects.add("undo b"));
      } else {
        ctx.step("b", () -> "B");
      }
      ctx.step(
          "c",
          StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE),
          () -> "C",
          c -> {
            if (version == 1) {
              throw new IllegalStateException("refund api down");
            }
            effects.add("undo c");
          });
      ctx.step(
          "d",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            throw new IllegalStateException("boom");
          });
      return "done";
    }
  }

  @Test
  void aCompensationADeployDroppedBeforeItRanIsNamedNotUndoneAndTheRunIsNeverCompensated() {
    DropsOne w = new DropsOne();
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("d.db")).workflow(w).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).status() == RunStatus.FAILED_COMPENSATION);
      assertThat(r.steps(id))
          .filteredOn(s -> s.kind() == StepKind.STEP && s.status() == StepStatus.COMPLETED)
          .allSatisfy(s -> assertThat(s.compensable()).as(s.name()).isTrue());
      w.version = 2; // a deploy: b lost its compensation
      r.retryCompensation(id);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  r.run(id).status() == RunStatus.FAILED_COMPENSATION
                      && r.run(id).failureReason().contains("'b' (seq 2)"));
      RunInfo run = r.run(id);
      assertThat(run.compensated()).isFalse();
      assertThat(run.failureReason()).contains("not undone: 'b' (seq 2)");
      assertThat(w.effects).containsExactly("undo c", "undo a");
    }
  }

  /** a and b with compensations, then waits; v2 throws right after a. */
  static final class ThrowsEarlier implements Workflow<String, String> {
    volatile int version = 1;
    final AtomicInteger calls = new AtomicInteger();
    final List<String> effects = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "throws-earlier";
    }

    @Override
    public String run(RunContext ctx, String in) {
      calls.incrementAndGet();
      ctx.step("a", () -> "A", a -> effects.add("undo a"));
      if (version == 2) {
        throw new IllegalArgumentException("new validation rejects the order");
      }
      ctx.step("b", () -> "B", b -> effects.add("undo b"));
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      return "done";
    }
  }

  @Test
  void aWorkflowThatNowThrowsBeforeTheEndOfItsJournalWaitsForAnOperatorAndUndoesNothing() {
    ThrowsEarlier w = new ThrowsEarlier();
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("c.db")).workflow(w).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.WAITING);
      w.version = 2;
      int before = w.calls.get();
      r.signal(id, "go", "now");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).waitingFor() instanceof Wait.Operator);
      Wait.Operator waiting = (Wait.Operator) r.run(id).waitingFor();
      assertThat(waiting.cause()).isEqualTo(Wait.Operator.NONDETERMINISM);
      assertThat(waiting.reason())
          .contains("step 'b'")
          .contains("the workflow threw java.lang.IllegalArgumentException");
      assertThat(w.calls.get() - before).isEqualTo(1);
      assertThat(w.effects).as("nothing undone on a guess").isEmpty();
    }
  }

  @Test
  void aCompensationThatReturnsAfterItsRunWasEndedAtTheSecondFenceJournalsNothing() {
    AtomicInteger inside = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Workflow<String, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "stuck-compensation";
          }

          @Override
          public String run(RunContext ctx, String in) {
            ctx.step(
                "reserve",
                () -> "seat",
                s -> {
                  inside.incrementAndGet();
                  try {
                    while (true) {
                      try {
                        if (release.await(10, TimeUnit.SECONDS)) {
                          break;
                        }
                      } catch (InterruptedException ignored) {
                        // it does not stop when asked
                      }
                    }
                  } finally {
                    inside.decrementAndGet();
                  }
                });
            ctx.awaitSignal("never", String.class, Duration.ofDays(1));
            return "done";
          }
        };
    try (Reprise r =
        Reprise.builder()
            .sqlite(dir.resolve("b.db"))
            .workflow(w)
            .shutdownTimeout(Duration.ofMillis(300))
            .build()) {
      r.start();
      String id = r.submit(w, "x").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.WAITING);
      r.cancel(id, "stop");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).status() == RunStatus.FAILED_COMPENSATION);
      assertThat(r.run(id).failureReason()).contains("not undone: 'reserve' (seq 1)");
      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> inside.get() == 0);
      // the fenced bodies returned; what they would write, they write now or never
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  r.steps(id).stream()
                      .filter(s -> s.kind() == StepKind.COMPENSATION)
                      .noneMatch(s -> s.status() == StepStatus.COMPLETED));
      assertThat(r.run(id).status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
    } finally {
      release.countDown();
    }
  }
}
