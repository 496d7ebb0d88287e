package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.SettableClock;
import dev.reprise.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

public abstract class SagaContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** reserve, charge, pack with compensations, then ship, which fails while {@code shipFails}. */
  static final class Order implements Workflow<String, String> {
    final List<String> undone = new CopyOnWriteArrayList<>();
    final AtomicInteger refundFailures = new AtomicInteger();
    volatile boolean shipFails = true;
    StepOptions chargeOptions = StepOptions.DEFAULT;

    @Override
    public String name() {
      return "order";
    }

    @Override
    public String run(RunContext ctx, String id) {
      String hold = ctx.step("reserve", () -> "hold-" + id, h -> undone.add("release " + h));
      String charge =
          ctx.step(
              "charge",
              chargeOptions,
              () -> "charge-" + id,
              c -> {
                if (refundFailures.getAndDecrement() > 0) {
                  throw new IllegalStateException("refund service down");
                }
                undone.add("refund " + c + " key " + ctx.idempotencyKey());
              });
      ctx.step("note", () -> "no compensation");
      String box = ctx.step("pack", () -> "box-" + id, b -> undone.add("unpack " + b));
      return ctx.step(
          "ship",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            if (shipFails) {
              throw new IllegalStateException("no courier");
            }
            return hold + charge + box;
          });
    }
  }

  private Reprise reprise(Workflow<?, ?> w) {
    Reprise r = db("mem").builder().clock(SettableClock.autoAdvancing(T0)).workflow(w).build();
    r.start();
    return r;
  }

  private static RunFailedException failure(Reprise r, RunHandle<?> handle) {
    return catchThrowableOfType(
        RunFailedException.class, () -> handle.result(Duration.ofSeconds(10)));
  }

  @Test
  void aFailedRunUndoesItsCompletedStepsInReverseWithTheirOutputs() {
    Order order = new Order();
    try (Reprise r = reprise(order)) {
      var handle = r.submit(order, "o1");
      RunFailedException failed = failure(r, handle);

      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(order.undone)
          .containsExactly(
              "unpack box-o1", "refund charge-o1 key " + handle.id() + ":7", "release hold-o1");
      RunInfo run = r.run(handle.id());
      assertThat(run.compensated()).isTrue();
      assertThat(run.errorType()).isEqualTo(IllegalStateException.class.getName());
      assertThat(run.errorMessage()).contains("'ship'").contains("no courier");
      assertThat(run.failureReason()).contains("step 'ship' (seq 5) failed").contains("no courier");
      assertThat(run.steps())
          .extracting(StepInfo::seq, StepInfo::name, StepInfo::kind, StepInfo::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  1, "reserve", StepKind.STEP, StepStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple(2, "charge", StepKind.STEP, StepStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple(3, "note", StepKind.STEP, StepStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple(4, "pack", StepKind.STEP, StepStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple(5, "ship", StepKind.STEP, StepStatus.FAILED),
              org.assertj.core.groups.Tuple.tuple(
                  6, "pack", StepKind.COMPENSATION, StepStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple(
                  7, "charge", StepKind.COMPENSATION, StepStatus.COMPLETED),
              org.assertj.core.groups.Tuple.tuple(
                  8, "reserve", StepKind.COMPENSATION, StepStatus.COMPLETED));
    }
  }

  @Test
  void aSuccessfulRunRunsNoCompensation() {
    Order order = new Order();
    order.shipFails = false;
    try (Reprise r = reprise(order)) {
      assertThat(r.submit(order, "o2").result(Duration.ofSeconds(10)))
          .isEqualTo("hold-o2charge-o2box-o2");
      assertThat(order.undone).isEmpty();
    }
  }

  @Test
  void aFailingCompensationIsRetriedByItsPolicy() {
    Order order = new Order();
    order.refundFailures.set(2);
    try (Reprise r = reprise(order)) {
      var handle = r.submit(order, "o3");
      failure(r, handle);

      RunInfo run = r.run(handle.id());
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.compensated()).isTrue();
      assertThat(run.steps().get(6).attempts()).isEqualTo(3);
      assertThat(order.undone)
          .containsExactly(
              "unpack box-o3", "refund charge-o3 key " + handle.id() + ":7", "release hold-o3");
    }
  }

  @Test
  void aCompensationThatFailsForGoodLeavesFailedCompensationAndStopsUnwinding() {
    Order order = new Order();
    order.refundFailures.set(100);
    order.chargeOptions =
        StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.DEFAULT.withMaxAttempts(2));
    try (Reprise r = reprise(order)) {
      var handle = r.submit(order, "o4");
      RunFailedException failed = failure(r, handle);

      assertThat(failed.status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      RunInfo run = r.run(handle.id());
      assertThat(run.compensated()).isFalse();
      assertThat(run.errorMessage()).as("the original failure is kept").contains("no courier");
      assertThat(run.failureReason().lines().toList())
          .hasSize(2)
          .satisfies(lines -> assertThat(lines.get(0)).contains("step 'ship'"))
          .satisfies(
              lines ->
                  assertThat(lines.get(1))
                      .contains("compensation of step 'charge' (seq 7) failed")
                      .contains("refund service down"));
      assertThat(order.undone).containsExactly("unpack box-o4");
      assertThat(r.unresolved()).extracting(RunInfo::id).containsExactly(handle.id());
    }
  }

  @Test
  void markingFailedCompensationAgainKeepsTheStatusAndAppendsEachReasonWithItsTime() {
    Order order = new Order();
    order.refundFailures.set(100);
    order.chargeOptions = StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE);
    try (Reprise r = reprise(order)) {
      var handle = r.submit(order, "o5");
      failure(r, handle);
      String before = r.run(handle.id()).failureReason();

      r.markFailedCompensation(handle.id(), "refund service still down at 10:00");
      r.markFailedCompensation(handle.id(), "paged the payments team");

      RunInfo run = r.run(handle.id());
      assertThat(run.status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      assertThat(run.failureReason()).startsWith(before);
      List<String> lines = run.failureReason().lines().toList();
      assertThat(lines)
          .hasSize(before.lines().count() + 2 > 0 ? (int) before.lines().count() + 2 : 0);
      assertThat(lines.get(lines.size() - 2))
          .matches("\\d{4}-.*Z marked failed_compensation: refund service still down at 10:00");
      assertThat(lines.get(lines.size() - 1))
          .endsWith("marked failed_compensation: paged the payments team");
      assertThat(run.errorMessage()).contains("no courier");
    }
  }

  @Test
  void retryingACompensationRunsOnlyWhatHadNotCompleted() {
    Order order = new Order();
    order.refundFailures.set(1);
    order.chargeOptions = StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE);
    try (Reprise r = reprise(order)) {
      var handle = r.submit(order, "o6");
      assertThat(failure(r, handle).status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      assertThat(order.undone).containsExactly("unpack box-o6");

      r.retryCompensation(handle.id());
      RunFailedException again = failure(r, handle);

      assertThat(again.status()).isEqualTo(RunStatus.FAILED);
      assertThat(r.run(handle.id()).compensated()).isTrue();
      assertThat(order.undone)
          .containsExactly(
              "unpack box-o6", "refund charge-o6 key " + handle.id() + ":7", "release hold-o6");
      assertThat(r.run(handle.id()).failureReason())
          .contains("compensation retried by an operator");
    }
  }

  @Test
  void resolvingKeepsTheNoteAndEndsTheRun() {
    Order order = new Order();
    order.refundFailures.set(100);
    order.chargeOptions = StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE);
    try (Reprise r = reprise(order)) {
      var handle = r.submit(order, "o7");
      failure(r, handle);

      r.resolve(handle.id(), "refunded by hand, ticket 42");

      RunInfo run = r.run(handle.id());
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.resolution()).isEqualTo("refunded by hand, ticket 42");
      assertThat(r.unresolved()).isEmpty();
      assertThatThrownBy(() -> r.resolve(handle.id(), "again"))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("it is failed");
      assertThatThrownBy(() -> r.markFailedCompensation("nope", "x"))
          .isInstanceOf(RunNotFoundException.class);
    }
  }

  @Test
  void vacuumKeepsFailedCompensationRunsUntilTheyAreResolved() {
    SettableClock clock = SettableClock.manual(T0);
    Order order = new Order();
    order.refundFailures.set(100);
    order.chargeOptions = StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE);
    try (Reprise r = db("mem").builder().clock(clock).workflow(order).build()) {
      r.start();
      var handle = r.submit(order, "o9");
      assertThat(failure(r, handle).status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      clock.advance(Duration.ofDays(2));

      assertThat(r.vacuum(Duration.ofDays(1))).isZero();
      r.resolve(handle.id(), "refunded by hand");
      assertThat(r.vacuum(Duration.ofDays(1))).isEqualTo(1);
    }
  }

  @Test
  void cancellingAPendingRunEndsItAtOnce() {
    Order order = new Order();
    try (Reprise r = db("mem").builder().workflow(order).build()) {
      var handle = r.submit(order, "o8");

      r.cancel(handle.id(), "customer changed their mind");

      RunInfo run = r.run(handle.id());
      assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(run.errorMessage()).isEqualTo("customer changed their mind");
      assertThatThrownBy(() -> r.cancel(handle.id(), "twice"))
          .isInstanceOf(RunStateException.class);
    }
  }

  /** Blocks in its second step until released, so a cancel can arrive mid-run. */
  static final class Slow implements Workflow<String, String> {
    final CountDownLatch inSecond = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> undone = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "slow";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step("first", () -> "1", v -> undone.add("undo first"));
      ctx.step(
          "second",
          () -> {
            inSecond.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "2";
          },
          v -> undone.add("undo second"));
      return ctx.step("third", () -> "3");
    }
  }

  @Test
  void cancellingARunningRunStopsAtTheNextStepAndCompensates() throws InterruptedException {
    Slow slow = new Slow();
    try (Reprise r = db("mem").builder().workflow(slow).build()) {
      r.start();
      var handle = r.submit(slow, "x");
      assertThat(slow.inSecond.await(10, TimeUnit.SECONDS)).isTrue();

      r.cancel(handle.id(), "operator stop");
      slow.release.countDown();
      RunFailedException ended = failure(r, handle);

      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(slow.undone).containsExactly("undo second", "undo first");
      RunInfo run = r.run(handle.id());
      assertThat(run.compensated()).isTrue();
      assertThat(run.steps()).extracting(StepInfo::name).doesNotContain("third");
    }
  }

  /** Like Slow, but undoing its first step fails until allowed. */
  static final class Fragile implements Workflow<String, String> {
    final CountDownLatch inSecond = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> undone = new CopyOnWriteArrayList<>();
    volatile boolean undoFirstWorks;

    @Override
    public String name() {
      return "fragile";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step(
          "first",
          StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE),
          () -> "1",
          v -> {
            if (!undoFirstWorks) {
              throw new IllegalStateException("cannot undo first yet");
            }
            undone.add("undo first");
          });
      ctx.step(
          "second",
          () -> {
            inSecond.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "2";
          },
          v -> undone.add("undo second"));
      return ctx.step("third", () -> "3");
    }
  }

  @Test
  void aCancelledRunResumedWhileUnwindingNeverRerunsACompletedCompensation()
      throws InterruptedException {
    Fragile fragile = new Fragile();
    try (Reprise r = db("mem").builder().workflow(fragile).build()) {
      r.start();
      var handle = r.submit(fragile, "x");
      assertThat(fragile.inSecond.await(10, TimeUnit.SECONDS)).isTrue();
      r.cancel(handle.id(), "stop");
      fragile.release.countDown();
      assertThat(failure(r, handle).status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      assertThat(fragile.undone).containsExactly("undo second");

      fragile.undoFirstWorks = true;
      r.retryCompensation(handle.id());
      RunFailedException ended = failure(r, handle);

      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(fragile.undone).containsExactly("undo second", "undo first");
      assertThat(r.run(handle.id()).steps())
          .extracting(StepInfo::seq, StepInfo::kind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, StepKind.STEP),
              org.assertj.core.groups.Tuple.tuple(2, StepKind.STEP),
              org.assertj.core.groups.Tuple.tuple(3, StepKind.COMPENSATION),
              org.assertj.core.groups.Tuple.tuple(4, StepKind.COMPENSATION));
    }
  }

  @Test
  void vacuumDeletesOldEndedRunsWithTheirStepsAndNeverRunsInFlight() {
    SettableClock clock = SettableClock.manual(T0);
    TestDatabase db = db("v");
    Order order = new Order();
    order.shipFails = false;
    try (Reprise r = db.builder().clock(clock).workflow(order).build();
        RepriseClient other = db.builder().clock(clock).buildClient()) {
      r.start();
      var done = r.submit(order, "old");
      done.result(Duration.ofSeconds(10));
      String stuck = other.submitJson("runs-elsewhere", "1", RunOptions.DEFAULT).id();
      clock.advance(Duration.ofDays(31));
      var recent = r.submit(order, "new");
      recent.result(Duration.ofSeconds(10));

      assertThat(r.vacuum(Duration.ofDays(30))).isEqualTo(1);

      assertThatThrownBy(() -> r.run(done.id())).isInstanceOf(RunNotFoundException.class);
      try (Jdbc sql = db.jdbc()) {
        assertThat(sql.count("select count(*) from steps where run_id = ?", done.id())).isZero();
      }
      assertThat(r.run(recent.id()).status()).isEqualTo(RunStatus.COMPLETED);
      clock.advance(Duration.ofSeconds(1));
      assertThat(r.vacuum(Duration.ZERO)).isEqualTo(1);
      assertThat(r.runs(RunFilter.all())).extracting(RunInfo::id).containsExactly(stuck);
      assertThat(r.run(stuck).status()).isEqualTo(RunStatus.PENDING);
    }
  }

  @Test
  void recentListsTheLatestActivityFirstWithSteps() {
    SettableClock clock = SettableClock.manual(T0);
    Order order = new Order();
    order.shipFails = false;
    try (Reprise r = db("mem").builder().clock(clock).workflow(order).build()) {
      r.start();
      var first = r.submit(order, "a");
      first.result(Duration.ofSeconds(10));
      clock.advance(Duration.ofSeconds(1));
      var second = r.submit(order, "b");
      second.result(Duration.ofSeconds(10));

      List<RunInfo> recent = r.recent(10);
      assertThat(recent).extracting(RunInfo::id).containsExactly(second.id(), first.id());
      assertThat(recent.get(0).steps()).hasSize(5);
      assertThat(r.steps(first.id())).hasSize(5);
      assertThatThrownBy(() -> r.steps("nope")).isInstanceOf(RunNotFoundException.class);
    }
  }
}
