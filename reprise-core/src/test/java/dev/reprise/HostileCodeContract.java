package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The promises hold whatever the workflow's code does: throws an {@code Error}, catches every
 * exception, never returns.
 */
public abstract class HostileCodeContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

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

  /** Reserves (undone by a cancel), then runs a body that ignores interrupts until released. */
  static final class Endless implements Workflow<String, String> {
    final java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch returned = new java.util.concurrent.CountDownLatch(1);
    final java.util.List<String> undone = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "endless";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("reserve", () -> "seat", s -> undone.add("release " + s));
      return ctx.step(
          "endless",
          () -> {
            inside.countDown();
            while (true) {
              try {
                if (release.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                  break;
                }
              } catch (InterruptedException ignored) {
                // it does not stop when asked
              }
            }
            returned.countDown();
            return "late";
          });
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
      assertThat(endless.inside.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      r.cancel(id, "stuck for good");
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(endless.undone).containsExactly("release seat");

      endless.release.countDown();
      assertThat(endless.returned.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      await()
          .pollDelay(Duration.ofMillis(200))
          .atMost(Duration.ofSeconds(5))
          .until(() -> true); // the fenced body's write, if any, has had its chance
      RunInfo run = r.run(id);
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(run.steps())
          .filteredOn(s -> s.name().equals("endless"))
          .allSatisfy(s -> assertThat(s.status()).isNotEqualTo(StepStatus.COMPLETED));
    }
  }
}
