package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.cluster.OnceWorker;
import dev.reprise.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways on an operator takes after a failure keep their promises: a retried compensation waits
 * for its run's concurrency key, and a resume never runs an interrupted at-most-once step again.
 */
class OperatorWaysOnTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir Path dir;

  /**
   * One customer's account workflow: "charge" (compensated by "refund"), then "work", which holds
   * the run inside its body until the test lets it go; input "fail" makes "work" fail for good.
   */
  static final class Account implements Workflow<String, String> {
    final AtomicBoolean refundWorks = new AtomicBoolean(false);
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger refundsWhileAnotherInside = new AtomicInteger();
    final AtomicInteger refunds = new AtomicInteger();
    final Semaphore letGo = new Semaphore(0);

    @Override
    public String name() {
      return "account";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step(
          "charge",
          StepOptions.defaults()
              .withCompensationRetry(
                  RetryPolicy.DEFAULT
                      .withMaxAttempts(2)
                      .withBackoff(Duration.ofMillis(10), 1.0, Duration.ofMillis(10))),
          () -> "ch-" + in,
          c -> {
            if (inside.get() > 0) {
              refundsWhileAnotherInside.incrementAndGet();
            }
            if (!refundWorks.get()) {
              throw new IllegalStateException("refund service down");
            }
            refunds.incrementAndGet();
          });
      return ctx.step(
          "work",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            if (in.startsWith("fail")) {
              throw new IllegalArgumentException("no");
            }
            inside.incrementAndGet();
            try {
              letGo.acquireUninterruptibly();
            } finally {
              inside.decrementAndGet();
            }
            return "ok " + in;
          });
    }
  }

  private void retriedCompensationWaitsForItsKey(TestDatabase db) {
    Account account = new Account();
    RunOptions c1 = RunOptions.DEFAULT.withConcurrencyKey("customer", "c-1");
    try (Reprise r = db.builder().workflow(account).build()) {
      r.start();
      String a = r.submit(account, "fail-a", c1).id();
      await().atMost(WAIT).until(() -> r.run(a).status() == RunStatus.FAILED_COMPENSATION);

      // A has ended and given its key up: B of the same customer starts and sits in its step
      String b = r.submit(account, "b", c1).id();
      await().atMost(WAIT).until(() -> account.inside.get() == 1);
      int before = account.refundsWhileAnotherInside.get();

      // the refund service is fixed; the operator retries A's compensation
      account.refundWorks.set(true);
      r.retryCompensation(a);

      // a negative: for two seconds, A's refund must not run while B holds customer c-1
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(3))
          .until(() -> account.refundsWhileAnotherInside.get() == before);
      RunInfo aNow = r.run(a);
      int overlap = account.refundsWhileAnotherInside.get() - before;
      account.letGo.release(10);
      await().atMost(WAIT).until(() -> r.run(b).status() == RunStatus.COMPLETED);
      await().atMost(WAIT).until(() -> r.run(a).status().isTerminal());

      assertThat(overlap)
          .as(
              "A's refund ran while B of the same customer (limit 1) was inside its step; A was"
                  + " %s with concurrency key %s while B held the key",
              aNow.status(), aNow.concurrencyKey())
          .isZero();
    }
  }

  @Test
  void aRetriedCompensationWaitsForItsRunsConcurrencyKeyOnSqlite() {
    retriedCompensationWaitsForItsKey(TestDatabase.sqlite(dir.resolve("keys.db")));
  }

  @Test
  void aRetriedCompensationWaitsForItsRunsConcurrencyKeyOnPostgres() {
    try (TestDatabase db = TestDatabase.postgres()) {
      retriedCompensationWaitsForItsKey(db);
    }
  }

  private Process worker(Path db, Path ledger) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            OnceWorker.class.getName(),
            db.toString(),
            ledger.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker.log").toFile())
        .start();
  }

  private static List<String> lines(Path ledger) {
    try {
      return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aResumeOfARunWhoseAtMostOnceStepWasInterruptedIsRefused() throws Exception {
    Path db = dir.resolve("once.db");
    Path ledger = dir.resolve("ledger.txt");
    String id;
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      id = client.submitJson("wire", "\"x\"", RunOptions.DEFAULT).id();
    }
    Process p = worker(db, ledger);
    try {
      await().atMost(WAIT).until(() -> lines(ledger).stream().anyMatch(l -> l.startsWith("wire ")));
    } finally {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL inside the at-most-once body
    }

    OnceWorker.Wire fixed = new OnceWorker.Wire(ledger, false);
    try (Reprise r = Reprise.builder().sqlite(db).workflow(fixed).build()) {
      r.start();
      String run = id;
      await().atMost(WAIT).until(() -> r.run(run).status().isTerminal());
      RunInfo failed = r.run(id);
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(failed.errorType()).isEqualTo("interrupted_at_most_once");

      assertThatThrownBy(() -> r.resume(run))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("'wire'")
          .hasMessageContaining("may have had its effect");
      assertThat(r.run(id).status()).isEqualTo(RunStatus.FAILED);
      assertThat(lines(ledger).stream().filter(l -> l.startsWith("wire ")).toList()).hasSize(1);
    }
  }
}
