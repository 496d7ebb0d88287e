package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The promises hold whatever the workflow's code does: throws an {@code Error}, catches every
 * exception, never returns.
 */
public abstract class HostileCodeContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  static Workflow<String, String> workflow(
      String name, java.util.function.BiFunction<RunContext, String, String> body) {
    return new Workflow<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String run(RunContext ctx, String input) {
        return body.apply(ctx, input);
      }
    };
  }

  static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  /** A step whose body overflows its stack, the first {@code failures} times. */
  static final class DeepStep implements Workflow<Integer, String> {
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public String name() {
      return "deep-step";
    }

    @Override
    public String run(RunContext ctx, Integer failures) {
      return ctx.step(
          "deep",
          StepOptions.retry(RetryPolicy.DEFAULT.withMaxAttempts(3)),
          () -> {
            if (attempts.incrementAndGet() <= failures) {
              recurse(0);
            }
            return "reached the bottom";
          });
    }
  }

  @Test
  void aStepThatOverflowsItsStackFailsThatAttemptAndIsRetriedByItsPolicy() {
    DeepStep deep = new DeepStep();
    try (Reprise r =
        db("a").builder().clock(SettableClock.autoAdvancing(T0)).workflow(deep).build()) {
      r.start();
      assertThat(r.submit(deep, 2).result(Duration.ofSeconds(30))).isEqualTo("reached the bottom");
      assertThat(deep.attempts).hasValue(3);

      RunFailedException failed =
          catchThrowableOfType(
              RunFailedException.class, () -> r.submit(deep, 99).result(Duration.ofSeconds(30)));
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(failed.errorType()).isEqualTo(StackOverflowError.class.getName());
      StepInfo step = r.run(failed.runId()).steps().get(0);
      assertThat(step.status()).isEqualTo(StepStatus.FAILED);
      assertThat(step.attempts()).isEqualTo(3);
    }
  }

  @Test
  void aWorkflowThatThrowsAnErrorOutsideItsStepsFailsItsRun() {
    Workflow<String, String> broken =
        new Workflow<>() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public String run(RunContext ctx, String input) {
            ctx.step("fine", () -> "ok");
            throw new AssertionError("the workflow's own invariant broke");
          }
        };
    try (Reprise r = db("b").builder().workflow(broken).build()) {
      r.start();
      RunFailedException failed =
          catchThrowableOfType(
              RunFailedException.class, () -> r.submit(broken, "x").result(Duration.ofSeconds(30)));
      assertThat(failed.errorType()).isEqualTo(AssertionError.class.getName());
      assertThat(r.run(failed.runId()).status()).isEqualTo(RunStatus.FAILED);
    }
  }

  /**
   * Reserves (undone by a cancel), then runs a body that ignores interrupts until released. {@link
   * #lateReturnDone} opens once the step call whose body ran has come back to the workflow, by a
   * value or a throw, after the engine did what it does with the body's late result.
   */
  static final class Endless implements Workflow<String, String> {
    final CountDownLatch inside = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch lateReturnDone = new CountDownLatch(1);
    final List<String> undone = new CopyOnWriteArrayList<>();
    volatile Thread bodyThread;

    @Override
    public String name() {
      return "endless";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("reserve", () -> "seat", s -> undone.add("release " + s));
      try {
        return ctx.step(
            "endless",
            () -> {
              bodyThread = Thread.currentThread();
              inside.countDown();
              while (true) {
                try {
                  if (release.await(10, TimeUnit.SECONDS)) {
                    break;
                  }
                } catch (InterruptedException ignored) {
                  // it does not stop when asked
                }
              }
              return "late";
            });
      } finally {
        // the unwinding after the fence may replay the workflow on another thread: only the
        // thread of the body that ran tells of its late result
        if (Thread.currentThread() == bodyThread) {
          lateReturnDone.countDown();
        }
      }
    }
  }

  @Test
  void cancelEndsARunWhoseBodyNeverReturnsAndTheBodysLateResultChangesNothing()
      throws InterruptedException {
    Endless endless = new Endless();
    try (Reprise r =
        db("c").builder().workflow(endless).shutdownTimeout(Duration.ofMillis(300)).build()) {
      r.start();
      String id = r.submit(endless, "x").id();
      assertThat(endless.inside.await(10, TimeUnit.SECONDS)).isTrue();

      r.cancel(id, "stuck for good");
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(endless.undone).containsExactly("release seat");
      StepInfo before = endlessStep(r.run(id));

      endless.release.countDown();
      assertThat(endless.lateReturnDone.await(10, TimeUnit.SECONDS))
          .as("the late result of the body went through the engine back to the workflow")
          .isTrue();
      RunInfo run = r.run(id);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      StepInfo after = endlessStep(run);
      assertThat(after.status()).isNotEqualTo(StepStatus.COMPLETED);
      assertThat(after.output()).as("the late result was not recorded").isNull();
      assertThat(after).as("the late result changed nothing of the entry").isEqualTo(before);
    }
  }

  /** The journal entry of the step {@code endless}, which its body's start wrote. */
  private static StepInfo endlessStep(RunInfo run) {
    List<StepInfo> endless = run.steps().stream().filter(s -> s.name().equals("endless")).toList();
    assertThat(endless).as("the entry of step 'endless' in " + run.steps()).hasSize(1);
    return endless.get(0);
  }

  /** Reserves, then stays in its own code between steps, ignoring interrupts, until released. */
  static final class StuckBetweenSteps implements Workflow<String, String> {
    final CountDownLatch between = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch calledOn = new CountDownLatch(1);
    final AtomicInteger executions = new AtomicInteger();
    final List<String> effects = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> lateCall = new AtomicReference<>();
    final boolean everyTime;

    StuckBetweenSteps(boolean everyTime) {
      this.everyTime = everyTime;
    }

    @Override
    public String name() {
      return "stuck-between";
    }

    @Override
    public String run(RunContext ctx, String in) {
      boolean stuck = executions.incrementAndGet() == 1 || everyTime;
      ctx.step("reserve", () -> "seat", s -> effects.add("release " + s));
      between.countDown();
      while (stuck) {
        try {
          if (release.await(10, TimeUnit.SECONDS)) {
            break;
          }
        } catch (InterruptedException ignored) {
          // it does not stop when asked
        }
      }
      try {
        return ctx.step("ship", () -> effects.add("shipped") ? "shipped" : "");
      } catch (Throwable t) {
        lateCall.set(t);
        throw t;
      } finally {
        calledOn.countDown();
      }
    }
  }

  @Test
  void aCancelledRunWhoseCodeWakesAfterItWasFencedRunsNoBodyAndWritesNothing() throws Exception {
    StuckBetweenSteps w = new StuckBetweenSteps(false);
    try (Reprise r =
        db("d").builder().workflow(w).shutdownTimeout(Duration.ofMillis(200)).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      assertThat(w.between.await(10, TimeUnit.SECONDS)).isTrue();

      r.cancel(id, "stop");
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(w.effects).containsExactly("release seat");

      w.release.countDown(); // the fenced thread goes on to its next step
      assertThat(w.calledOn.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(w.lateCall.get()).isNotNull();
      assertThat(w.effects).containsExactly("release seat");
      RunInfo run = r.run(id);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(run.steps()).extracting(StepInfo::name).doesNotContain("ship");
    }
  }

  @Test
  void aCancelledRunWhoseCodeNeverStopsEndsAtItsSecondFenceAndHoldsNoSlot() throws Exception {
    StuckBetweenSteps w = new StuckBetweenSteps(true);
    Workflow<String, String> quick = workflow("quick", (ctx, in) -> in + "!");
    try (Reprise r =
        db("e")
            .builder()
            .workflow(w)
            .workflow(quick)
            .concurrency(1)
            .shutdownTimeout(Duration.ofMillis(200))
            .build()) {
      r.start();
      String id = r.submit(w, "x").id();
      assertThat(w.between.await(10, TimeUnit.SECONDS)).isTrue();

      r.cancel(id, "stop");
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      // the code never let a new execution unwind: the reserve is left for an operator
      assertThat(ended.status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      assertThat(w.executions).hasValue(2);
      assertThat(w.effects).isEmpty();
      assertThat(r.run(id).failureReason())
          .contains("did not stop")
          .contains("not undone: 'reserve' (seq 1)");

      // both stuck threads are still in the workflow's code, and the one slot is free
      assertThat(r.submit(quick, "next").result(Duration.ofSeconds(20))).isEqualTo("next!");
    } finally {
      w.release.countDown();
    }
  }

  /** Catches whatever a durable sleep throws, and goes on to a step. */
  static final class SwallowsSleep implements Workflow<Boolean, String> {
    final List<String> effects = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "swallows-sleep";
    }

    @Override
    public String run(RunContext ctx, Boolean loop) {
      do {
        try {
          ctx.sleep(Duration.ofHours(1));
          break;
        } catch (Throwable t) {
          effects.add("caught");
        }
      } while (loop);
      return ctx.step("after-sleep", () -> effects.add("after-sleep") ? "woke" : "");
    }
  }

  @Test
  void aWorkflowThatCatchesWhatItsSleepThrowsStillSleepsFirst() {
    SwallowsSleep w = new SwallowsSleep();
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = db("f").builder().clock(clock).workflow(w).build()) {
      r.start();
      String once = r.submit(w, false).id();
      String looping = r.submit(w, true).id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  r.run(once).status() == RunStatus.WAITING
                      && r.run(looping).status() == RunStatus.WAITING);
      assertThat(w.effects).doesNotContain("after-sleep");

      clock.advance(Duration.ofHours(1));
      assertThat(r.handle(once, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("woke");
      assertThat(r.handle(looping, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("woke");
      assertThat(w.effects).filteredOn("after-sleep"::equals).hasSize(2);
    }
  }

  /** Tries its step again and again, catching everything, the engine's own throws included. */
  static final class RetriesForever implements Workflow<String, String> {
    final CountDownLatch tried = new CountDownLatch(3);

    @Override
    public String name() {
      return "retries-forever";
    }

    @Override
    public String run(RunContext ctx, String in) {
      while (true) {
        try {
          return ctx.step(
              "flaky",
              () -> {
                tried.countDown();
                throw new IllegalStateException("down");
              });
        } catch (Throwable t) {
          // tries again
        }
      }
    }
  }

  @Test
  void cancelEndsARunWhoseCodeCatchesEverythingAroundItsStepsInALoop() throws Exception {
    RetriesForever w = new RetriesForever();
    try (Reprise r = db("g").builder().workflow(w).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      assertThat(w.tried.await(20, TimeUnit.SECONDS)).isTrue();

      r.cancel(id, "stop looping");
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  /** Keeps its context, to be used later. */
  static final class KeepsContext implements Workflow<String, String> {
    final AtomicReference<RunContext> kept = new AtomicReference<>();
    final CountDownLatch started = new CountDownLatch(1);

    @Override
    public String name() {
      return "keeps-context";
    }

    @Override
    public String run(RunContext ctx, String in) {
      kept.set(ctx);
      ctx.step("only", () -> "one");
      started.countDown();
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      return "done";
    }
  }

  @Test
  void aContextUsedFromAnotherThreadOrAfterItsRunRunsNothing() throws Exception {
    KeepsContext w = new KeepsContext();
    try (Reprise r = db("h").builder().workflow(w).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      assertThat(w.started.await(20, TimeUnit.SECONDS)).isTrue();
      AtomicInteger bodies = new AtomicInteger();
      StepBody<String> late = () -> bodies.incrementAndGet() + "";

      // while the run waits (its execution is over) and after it completed
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.WAITING);
      assertThatThrownBy(() -> w.kept.get().step("late", late))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("after its execution ended");
      r.signal(id, "go", "now");
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("done");
      assertThatThrownBy(() -> w.kept.get().sleep(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class);
      assertThat(bodies).hasValue(0);
      assertThat(r.run(id).steps()).extracting(StepInfo::name).doesNotContain("late");
    }
  }

  @Test
  void aContextUsedFromAnotherThreadWhileItsRunExecutesIsRefused() {
    AtomicReference<Throwable> refused = new AtomicReference<>();
    Workflow<String, String> w =
        workflow(
            "hands-off",
            (ctx, in) -> {
              Thread other =
                  Thread.ofPlatform()
                      .start(
                          () -> {
                            try {
                              ctx.step("from-elsewhere", () -> "x");
                            } catch (Throwable t) {
                              refused.set(t);
                            }
                          });
              try {
                other.join();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return ctx.step("own", () -> "mine");
            });
    try (Reprise r = db("i").builder().workflow(w).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("mine");
      assertThat(refused.get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("from another thread");
      assertThat(r.run(id).steps()).extracting(StepInfo::name).containsExactly("own");
    }
  }

  @Test
  void aCancelledRunWhoseCompensationNeverReturnsEndsForAnOperator() throws Exception {
    CountDownLatch compensating = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Workflow<String, String> w =
        workflow(
            "stuck-compensation",
            (ctx, in) -> {
              ctx.step(
                  "reserve",
                  () -> "seat",
                  s -> {
                    compensating.countDown();
                    while (!release.await(10, TimeUnit.SECONDS)) {
                      // it does not stop when asked
                    }
                  });
              ctx.awaitSignal("never", String.class, Duration.ofDays(1));
              return "done";
            });
    try (Reprise r =
        db("j").builder().workflow(w).shutdownTimeout(Duration.ofMillis(200)).build()) {
      r.start();
      String id = r.submit(w, "x").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.WAITING);

      r.cancel(id, "stop");
      assertThat(compensating.await(20, TimeUnit.SECONDS)).isTrue();
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      assertThat(r.run(id).failureReason()).contains("not undone: 'reserve' (seq 1)");
    } finally {
      release.countDown();
    }
  }
}
