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
import org.junit.jupiter.api.Test;

public abstract class DeadlineContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** Books, then waits two hours for a confirmation, then charges. */
  static final class Booking implements Workflow<String, String> {
    final List<String> undone = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "booking";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step("book", () -> "room", room -> undone.add("unbook " + room));
      ctx.sleep(Duration.ofHours(2));
      return ctx.step("charge", () -> "charged");
    }
  }

  @Test
  void aRunPastItsDeadlineIsCancelledAndUnwinds() {
    SettableClock clock = SettableClock.manual(T0);
    Booking booking = new Booking();
    try (Reprise r = db("mem").builder().clock(clock).workflow(booking).build()) {
      r.start();
      var handle = r.submit(booking, "x", RunOptions.DEFAULT.withTimeout(Duration.ofHours(1)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run(handle.id()).status() == RunStatus.WAITING);

      clock.advance(Duration.ofHours(1));
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class, () -> handle.result(Duration.ofSeconds(10)));

      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(ended.errorMessage()).contains("deadline").contains("2030-01-01T01:00:00Z");
      assertThat(booking.undone).containsExactly("unbook room");
      assertThat(r.run(handle.id()).steps()).extracting(StepInfo::name).doesNotContain("charge");
    }
  }

  @Test
  void aTimeoutMustBePositive() {
    assertThatThrownBy(() -> RunOptions.DEFAULT.withTimeout(Duration.ZERO))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith("timeout:");
  }

  /** A step body that polls for cancellation. */
  static final class Poller implements Workflow<String, String> {
    final CountDownLatch started = new CountDownLatch(1);

    @Override
    public String name() {
      return "poller";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.step(
          "poll",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            started.countDown();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ctx.isCancelled() && System.nanoTime() < until) {
              Thread.onSpinWait();
            }
            return ctx.isCancelled() ? "saw the cancel" : "never saw it";
          });
    }
  }

  @Test
  void aRunningStepBodyCanSeeThatItsRunWasCancelled() throws InterruptedException {
    Poller poller = new Poller();
    try (Reprise r = db("mem").builder().workflow(poller).build()) {
      r.start();
      var handle = r.submit(poller, "x");
      assertThat(poller.started.await(10, TimeUnit.SECONDS)).isTrue();

      r.cancel(handle.id(), "stop polling");

      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class, () -> handle.result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(r.run(handle.id()).steps().get(0).output()).isEqualTo("\"saw the cancel\"");
    }
  }
}
