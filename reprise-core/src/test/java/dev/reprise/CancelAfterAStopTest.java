package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run that has completed a compensable step and was given back {@code pending} (an engine's
 * graceful close, as a daemon's TERM does) is cancelled by an operator: its completed step must be
 * undone ("a failing (or cancelled) run undoes its completed steps in reverse").
 */
class CancelAfterAStopTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  static final class Charge implements Workflow<String, String> {
    final AtomicInteger charges = new AtomicInteger();
    final AtomicInteger refunds = new AtomicInteger();
    final CountDownLatch inShip = new CountDownLatch(1);

    @Override
    public String name() {
      return "charge";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step(
          "charge",
          () -> {
            charges.incrementAndGet();
            return "ch-" + in;
          },
          c -> refunds.incrementAndGet());
      return ctx.step(
          "ship",
          () -> {
            inShip.countDown();
            Thread.sleep(60_000); // interrupted by close()
            return "shipped";
          });
    }
  }

  private void cancelAfterGracefulStop(TestDatabase db) throws Exception {
    Charge w = new Charge();
    String id;
    try (Reprise r = db.builder().workflow(w).shutdownTimeout(Duration.ofMillis(200)).build()) {
      r.start();
      id = r.submit(w, "o-1").id();
      assertThat(w.inShip.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } // a graceful stop: the run is given back
    try (RepriseClient client = db.builder().buildClient()) {
      RunInfo given = client.run(id);
      assertThat(given.status()).as("given back at close").isEqualTo(RunStatus.PENDING);
      assertThat(w.charges.get()).isEqualTo(1);
      client.as("ops-1").cancel(id, "customer called, cancel the order");
    }
    try (Reprise r = db.builder().workflow(w).build()) {
      r.start();
      await().atMost(WAIT).until(() -> r.run(id).status().isTerminal());
      RunInfo ended = r.run(id);
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
      assertThat(ended.compensated()).as("the completed 'charge' was undone").isTrue();
      assertThat(w.refunds.get()).isEqualTo(1);
      assertThat(w.charges.get()).isEqualTo(1);
    }
  }

  @Test
  void aRunGivenBackPendingAtCloseAndThenCancelledUndoesItsCompletedStepsOnSqlite()
      throws Exception {
    cancelAfterGracefulStop(TestDatabase.sqlite(dir.resolve("c.db")));
  }

  @Test
  void aRunGivenBackPendingAtCloseAndThenCancelledUndoesItsCompletedStepsOnPostgres()
      throws Exception {
    try (TestDatabase db = TestDatabase.postgres()) {
      cancelAfterGracefulStop(db);
    }
  }
}
