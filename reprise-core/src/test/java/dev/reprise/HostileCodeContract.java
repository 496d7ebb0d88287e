package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
}
