package dev.reprise.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.Reprise;
import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepOptions;
import dev.reprise.Wait;
import dev.reprise.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@RepriseTest
class TestRepriseTest {

  /** Sleeps 30 days, then waits up to a week for {@code go}. */
  static final class Patient implements Workflow<String, String> {
    @Override
    public String name() {
      return "patient";
    }

    @Override
    public String run(RunContext ctx, String input) {
      Instant before = ctx.now();
      ctx.sleep(Duration.ofDays(30));
      String go = ctx.awaitSignal("go", String.class, Duration.ofDays(7)).orElse("timed out");
      return go + " after " + Duration.between(before, ctx.now()).toDays() + " days";
    }
  }

  /** A step that fails twice, with backoffs of an hour and more, then succeeds. */
  static final class Flaky implements Workflow<String, Integer> {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public Integer run(RunContext ctx, String input) {
      RetryPolicy hourly =
          RetryPolicy.DEFAULT
              .withMaxAttempts(5)
              .withBackoff(Duration.ofHours(1), 2.0, Duration.ofDays(1));
      return ctx.step(
          "call",
          StepOptions.retry(hourly),
          () -> {
            if (calls.incrementAndGet() < 3) {
              throw new IllegalStateException("not yet");
            }
            return calls.get();
          });
    }
  }

  @Test
  void aThirtyDaySleepAndAWeekLongWaitEndAtOnceWhenNothingAnswers(TestReprise reprise) {
    Patient patient = new Patient();
    Reprise engine = reprise.start(patient);
    Instant start = reprise.clock().instant();

    String output = reprise.awaitResult(engine.submit(patient, "p"));

    assertThat(output).isEqualTo("timed out after 37 days");
    assertThat(reprise.clock().instant()).isAfterOrEqualTo(start.plus(Duration.ofDays(37)));
  }

  @Test
  void aTestActsWhileTheRunWaitsAndThenSkipsToItsEnd(TestReprise reprise) {
    Patient patient = new Patient();
    Reprise engine = reprise.start(patient);
    RunHandle<String> run = engine.submit(patient, "p");

    RunInfo sleeping = reprise.awaitStatus(run.id(), RunStatus.WAITING);
    assertThat(sleeping.waitingFor()).isInstanceOf(Wait.Sleep.class);
    assertThat(reprise.skipTime()).isTrue();
    reprise.awaitStatus(run.id(), RunStatus.WAITING);
    await(() -> reprise.reprise().run(run.id()).waitingFor() instanceof Wait.Signal);
    engine.signal(run.id(), "go", "approved");

    assertThat(reprise.awaitResult(run)).isEqualTo("approved after 30 days");
  }

  @Test
  void retriesWithHoursOfBackoffFollowTheClock(TestReprise reprise) {
    Flaky flaky = new Flaky();
    Reprise engine = reprise.start(flaky);
    Instant start = reprise.clock().instant();

    assertThat(reprise.awaitResult(engine.submit(flaky, "x"))).isEqualTo(3);
    assertThat(reprise.clock().instant()).isAfterOrEqualTo(start.plus(Duration.ofHours(3)));
  }

  @Test
  void aRunWaitingAcrossARestartGoesOnInTheNextEngine(TestReprise reprise) {
    Patient patient = new Patient();
    Reprise engine = reprise.start(reprise.builder().workflow(patient));
    RunHandle<String> run = engine.submit(patient, "p");
    reprise.awaitStatus(run.id(), RunStatus.WAITING);

    Reprise next = reprise.restart();

    assertThat(next).isNotSameAs(engine);
    assertThat(reprise.awaitEnd(run.id()).output()).isEqualTo("\"timed out after 37 days\"");
  }

  @Test
  void awaitingARunThatCannotEndFailsWithWhatItWaitsFor(TestReprise reprise) {
    Workflow<String, String> stuck =
        new Workflow<>() {
          @Override
          public String name() {
            return "stuck";
          }

          @Override
          public String run(RunContext ctx, String input) {
            return ctx.awaitSignal("never", String.class, Duration.ofDays(1)).orElseThrow();
          }

          @Override
          public java.lang.reflect.Type inputType() {
            return String.class;
          }

          @Override
          public java.lang.reflect.Type outputType() {
            return String.class;
          }
        };
    Reprise engine = reprise.start(stuck);
    RunHandle<Object> run = engine.submitJson("stuck", "\"x\"", dev.reprise.RunOptions.DEFAULT);

    assertThatThrownBy(
            () -> reprise.awaitStatus(run.id(), Duration.ofMillis(500), RunStatus.COMPLETED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not become [COMPLETED]")
        .hasMessageContaining("signal 'never'");
  }

  private static void await(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }
}
