package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Schemas;
import dev.reprise.testing.Seed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetryRunTest {

  /** Fails while {@code failing} is above zero, counting down on each run. */
  static final class FailsFirst implements Workflow<String, String> {
    final AtomicInteger failing = new AtomicInteger(1);

    @Override
    public String name() {
      return "fails-first";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.step(
          "work",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            if (failing.getAndDecrement() > 0) {
              throw new IllegalStateException("not yet");
            }
            return input + "-done";
          });
    }
  }

  @Test
  void retryingAFailedRunStartsANewRunWithTheSameInputAndKeepsTheFailedOne() {
    FailsFirst wf = new FailsFirst();
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(wf).build()) {
      r.start();
      String failed = r.submit(wf, "job").id();
      awaitStatus(r, failed, RunStatus.FAILED);

      RunHandle<Object> retried = r.retry(failed);

      assertThat(retried.id()).isNotEqualTo(failed);
      assertThat(retried.result(Duration.ofSeconds(10))).isEqualTo("job-done");
      assertThat(r.run(retried.id()).idempotencyKey()).isEqualTo("retry:" + failed);
      assertThat(r.run(failed).status()).isEqualTo(RunStatus.FAILED);
    }
  }

  @Test
  void retryingTheSameRunTwiceReturnsTheSameNewRun() {
    FailsFirst wf = new FailsFirst();
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(wf).build()) {
      r.start();
      String failed = r.submit(wf, "job").id();
      awaitStatus(r, failed, RunStatus.FAILED);

      assertThat(r.retry(failed).id()).isEqualTo(r.retry(failed).id());
    }
  }

  @Test
  void retryingARunThatDidNotFailIsRefusedNamingItsStatus() {
    FailsFirst wf = new FailsFirst();
    wf.failing.set(0);
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(wf).build()) {
      r.start();
      RunHandle<String> done = r.submit(wf, "job");
      done.result(Duration.ofSeconds(10));

      assertThatThrownBy(() -> r.retry(done.id()))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("completed");
      assertThatThrownBy(() -> r.retry("nope")).isInstanceOf(RunNotFoundException.class);
    }
  }

  @Test
  void retryingARunWhoseAtMostOnceStepWasInterruptedIsRefused(@TempDir Path dir) {
    AtomicInteger wires = new AtomicInteger();
    Workflow<String, String> wire =
        new Workflow<>() {
          @Override
          public String name() {
            return "wire";
          }

          @Override
          public String run(RunContext ctx, String in) {
            return ctx.step("wire-money", StepOptions.once(), () -> in + wires.incrementAndGet());
          }
        };
    Path db = dir.resolve("w.db");
    Schemas.create(db);
    try (Jdbc sql = Jdbc.open(db)) {
      // a process died inside the at-most-once body: the money may have left
      Seed.runningRun(sql, "run-w", "wire", "\"x\"");
      Seed.step(sql, "run-w", 1, "wire-money", "executing", null, null, true, 1);
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(wire).build()) {
      r.start();
      awaitStatus(r, "run-w", RunStatus.FAILED);

      assertThatThrownBy(() -> r.retry("run-w"))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("'wire-money' (seq 1) was interrupted");
      assertThat(r.runs(RunFilter.all())).hasSize(1);
      assertThat(wires).hasValue(0);
    }
  }

  private static void awaitStatus(RepriseClient client, String id, RunStatus status) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.run(id).status() == status);
  }
}
