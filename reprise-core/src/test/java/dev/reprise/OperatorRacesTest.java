package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume, fork and retry exclude one another on a run, in any order and when two operators act at
 * once: one failed order is never charged or shipped twice by the ways on.
 */
class OperatorRacesTest {
  @TempDir Path dir;

  /** charge, then ship; charge fails for good while {@code failing}. */
  static final class Order implements Workflow<String, String> {
    final AtomicBoolean failing = new AtomicBoolean(true);
    final AtomicBoolean shipFailing = new AtomicBoolean(false);
    volatile java.util.concurrent.CountDownLatch shipHeld =
        new java.util.concurrent.CountDownLatch(0);
    final List<String> effects = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "order";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step(
          "charge",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            if (failing.get()) {
              throw new IllegalStateException("gateway down");
            }
            effects.add("charge " + in + " " + ctx.idempotencyKey());
            return "ch";
          });
      ctx.step(
          "ship",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            shipHeld.await();
            if (shipFailing.get()) {
              throw new IllegalStateException("carrier down");
            }
            effects.add("ship " + in + " " + ctx.idempotencyKey());
            return "sh";
          });
      return "done";
    }
  }

  @Test
  void aRetriedRunIsRefusedAResumeAndAFork() throws Exception {
    Order w = new Order();
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("a.db")).workflow(w).build()) {
      r.start();
      String id = r.submit(w, "o-1").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.FAILED);
      w.failing.set(false);

      RunHandle<Object> retried = r.retry(id); // allowed: it completed no step
      retried.result(Duration.ofSeconds(20));
      assertThat(r.retry(id).id())
          .as("asking again gives the same new run")
          .isEqualTo(retried.id());
      assertThatThrownBy(() -> r.resume(id))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("neither forked nor retried");
      assertThatThrownBy(() -> r.fork(id, 1))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("retried already");
      assertThat(r.run(id).status()).isEqualTo(RunStatus.FAILED);
      assertThat(w.effects).filteredOn(e -> e.startsWith("charge")).hasSize(1);
    }
  }

  @Test
  void aForkedRunIsRefusedARetry() throws Exception {
    Order w = new Order();
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("b.db")).workflow(w).build()) {
      r.start();
      String id = r.submit(w, "o-2").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.FAILED);
      w.failing.set(false);
      RunHandle<Object> fork = r.fork(id, 1);
      fork.result(Duration.ofSeconds(20));
      assertThatThrownBy(() -> r.retry(id))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("forked already, as run " + fork.id());
      assertThatThrownBy(() -> r.markFailedCompensation(id, "by hand"))
          .as("the fork took its steps over: the original undoes none of them")
          .isInstanceOf(RunStateException.class);
      assertThat(r.run(id).status()).isEqualTo(RunStatus.FAILED);
      assertThat(w.effects).filteredOn(e -> e.startsWith("charge")).hasSize(1);
    }
  }

  @Test
  void aForkAndAResumeRacingFromTwoClientsHaveExactlyOneWinner() throws Exception {
    Path db = dir.resolve("c.db");
    race(() -> Reprise.builder().sqlite(db));
  }

  @Test
  void aForkAndAResumeRacingFromTwoClientsHaveExactlyOneWinnerOnPostgres() throws Exception {
    String schema = dev.reprise.testing.Postgres.createSchema();
    try {
      String url = dev.reprise.testing.Postgres.url(schema);
      race(() -> Reprise.builder().postgres(url));
    } finally {
      dev.reprise.testing.Postgres.dropSchema(schema);
    }
  }

  private static String outcome(Throwable refused) {
    return refused == null ? "succeeded" : "refused (" + refused + ")";
  }

  /**
   * Notes in {@code wrong} a refusal of {@code action} on run {@code id} that is not the refusal an
   * operator gets when another action on the run came first: a {@link RunStateException} naming the
   * run and the action (whatever else failed, a store error say, is not a refusal).
   */
  private static void check(List<String> wrong, String id, String action, Throwable refused) {
    if (!(refused instanceof RunStateException e)
        || !id.equals(e.runId())
        || !e.getMessage().startsWith("cannot " + action + " run " + id + ":")) {
      wrong.add(id + ": " + action + " " + outcome(refused));
    }
  }

  /** What refused {@code action}, or null when it succeeded; any throwable, to be looked at. */
  private static Throwable refusal(Runnable action) {
    try {
      action.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private void race(java.util.function.Supplier<Reprise.Builder> store) throws Exception {
    Order w = new Order();
    w.failing.set(false);
    w.shipFailing.set(true);
    int n = 60;
    List<String> ids = new ArrayList<>();
    try (Reprise r = store.get().workflow(w).build();
        dev.reprise.RepriseClient c1 = store.get().buildClient();
        dev.reprise.RepriseClient c2 = store.get().buildClient()) {
      r.start();
      for (int i = 0; i < n; i++) {
        ids.add(r.submit(w, "r-" + i).id());
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ids.stream().allMatch(id -> r.run(id).status() == RunStatus.FAILED));
      // a resumed run stays unended until the race is over: a resume that ran it to a new
      // failure before the fork read it would be two actions one after the other, both allowed
      w.shipFailing.set(false);
      w.shipHeld = new java.util.concurrent.CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<String> notOne = new ArrayList<>();
      List<String> wrongRefusals = new ArrayList<>();
      try {
        for (String id : ids) {
          CyclicBarrier go = new CyclicBarrier(2);
          Future<Throwable> forked =
              pool.submit(
                  () -> {
                    go.await();
                    return refusal(() -> c1.fork(id, 2));
                  });
          Future<Throwable> resumed =
              pool.submit(
                  () -> {
                    go.await();
                    return refusal(() -> c2.resume(id));
                  });
          Throwable forkRefused = forked.get();
          Throwable resumeRefused = resumed.get();
          if ((forkRefused == null) == (resumeRefused == null)) {
            notOne.add(
                id + ": fork " + outcome(forkRefused) + ", resume " + outcome(resumeRefused));
          } else if (forkRefused != null) {
            check(wrongRefusals, id, "fork", forkRefused);
          } else {
            check(wrongRefusals, id, "resume", resumeRefused);
          }
        }
      } finally {
        pool.shutdown();
        w.shipHeld.countDown();
      }
      assertThat(notOne).as("races without exactly one winner of fork and resume").isEmpty();
      assertThat(wrongRefusals)
          .as("the loser of a race is refused for the winner's action, not by any failure")
          .isEmpty();
      assertThat(w.effects)
          .as("no charge ran again: each run's charge was completed before the races")
          .filteredOn(e -> e.startsWith("charge"))
          .hasSize(n);
    }
  }
}
