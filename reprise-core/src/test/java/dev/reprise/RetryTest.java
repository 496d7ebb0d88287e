package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reprise.testing.SettableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RetryTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** Fails its step {@code failures} times, noting the clock at every attempt. */
  static final class Flaky implements Workflow<Integer, String> {
    final List<Instant> attempts = new CopyOnWriteArrayList<>();
    final StepOptions options;
    final InstantSource clock;

    Flaky(StepOptions options, InstantSource clock) {
      this.options = options;
      this.clock = clock;
    }

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public String run(RunContext ctx, Integer failures) {
      return ctx.step(
          "call",
          options,
          () -> {
            attempts.add(clock.instant());
            if (attempts.size() <= failures) {
              throw new IOException("attempt " + attempts.size() + " failed");
            }
            return "ok after " + attempts.size();
          });
    }
  }

  @Test
  void retriesWithExponentialBackoffOnTheInjectedClock() {
    SettableClock clock = SettableClock.autoAdvancing(T0);
    var policy =
        new RetryPolicy(4, Duration.ofSeconds(1), 3.0, Duration.ofSeconds(5), java.util.Set.of());
    Flaky flaky = new Flaky(StepOptions.retry(policy), clock);
    try (Reprise r = Reprise.builder().sqliteInMemory().clock(clock).workflow(flaky).build()) {
      r.start();
      String out = r.submit(flaky, 3).result(Duration.ofSeconds(10));

      assertThat(out).isEqualTo("ok after 4");
      // waits of 1 s, 3 s, then 9 s capped at 5 s
      assertThat(flaky.attempts)
          .containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(4), T0.plusSeconds(9));
    }
  }

  @Test
  void aStepThatKeepsFailingFailsTheRunAfterMaxAttempts() {
    SettableClock clock = SettableClock.autoAdvancing(T0);
    Flaky flaky = new Flaky(StepOptions.retry(RetryPolicy.DEFAULT.withMaxAttempts(2)), clock);
    try (Reprise r = Reprise.builder().sqliteInMemory().clock(clock).workflow(flaky).build()) {
      r.start();
      var handle = r.submit(flaky, 10);
      var failure =
          catchThrowableOfType(
              RunFailedException.class, () -> handle.result(Duration.ofSeconds(10)));

      assertThat(failure.errorType()).isEqualTo(IOException.class.getName());
      assertThat(failure.errorMessage()).contains("attempt 2 failed");
      assertThat(flaky.attempts).hasSize(2);
      StepInfo step = r.run(handle.id()).steps().get(0);
      assertThat(step.status()).isEqualTo(StepStatus.FAILED);
      assertThat(step.attempts()).isEqualTo(2);
    }
  }

  @Test
  void aNonRetryableExceptionFailsAtOnce() {
    SettableClock clock = SettableClock.autoAdvancing(T0);
    var policy = RetryPolicy.DEFAULT.withMaxAttempts(5).withNonRetryable(IOException.class);
    Flaky flaky = new Flaky(StepOptions.retry(policy), clock);
    try (Reprise r = Reprise.builder().sqliteInMemory().clock(clock).workflow(flaky).build()) {
      r.start();
      var handle = r.submit(flaky, 1);
      catchThrowableOfType(RunFailedException.class, () -> handle.result(Duration.ofSeconds(10)));

      assertThat(flaky.attempts).containsExactly(T0);
      assertThat(r.run(handle.id()).status()).isEqualTo(RunStatus.FAILED);
    }
  }

  @Test
  void anAtMostOnceStepIsNeverRetried() {
    SettableClock clock = SettableClock.autoAdvancing(T0);
    Flaky flaky = new Flaky(StepOptions.once(), clock);
    try (Reprise r = Reprise.builder().sqliteInMemory().clock(clock).workflow(flaky).build()) {
      r.start();
      var handle = r.submit(flaky, 1);
      catchThrowableOfType(RunFailedException.class, () -> handle.result(Duration.ofSeconds(10)));

      assertThat(flaky.attempts).hasSize(1);
      assertThat(r.run(handle.id()).steps().get(0).atMostOnce()).isTrue();
    }
  }

  @Test
  void aWorkflowMayCatchAStepFailureAndCarryOn() {
    Workflow<String, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "fallback";
          }

          @Override
          public String run(RunContext ctx, String input) {
            try {
              ctx.step(
                  "primary",
                  StepOptions.retry(RetryPolicy.NONE),
                  () -> {
                    throw new IllegalStateException("primary down");
                  });
              return "unreachable";
            } catch (StepFailedException e) {
              return ctx.step("secondary", () -> "secondary after " + e.errorType());
            }
          }
        };
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(w).build()) {
      r.start();
      assertThat(r.submit(w, "x").result(Duration.ofSeconds(10)))
          .isEqualTo("secondary after java.lang.IllegalStateException");
    }
  }
}
