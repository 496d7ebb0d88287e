package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reprise.testing.Workflows.Abc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitTest {
  @TempDir Path dir;

  @Test
  void submittingTheSameIdempotencyKeyTwiceReturnsTheSameRun() {
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(abc).build()) {
      r.start();
      var first = r.submit(abc, "x", RunOptions.idempotencyKey("order-42"));
      var second = r.submit(abc, "x", RunOptions.idempotencyKey("order-42"));

      assertThat(second.id()).isEqualTo(first.id());
      assertThat(second.result(Duration.ofSeconds(10))).isEqualTo("x-a-b-c");
      assertThat(r.runs(RunFilter.all())).hasSize(1);
      assertThat(abc.executions("a")).isEqualTo(1);
    }
  }

  @Test
  void submittingAnExistingRunIdReturnsThatRun() {
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(abc).build()) {
      r.start();
      var first = r.submit(abc, "x", RunOptions.runId("my-run"));
      var again = r.submit(abc, "x", RunOptions.runId("my-run"));

      assertThat(again.id()).isEqualTo("my-run").isEqualTo(first.id());
      assertThat(again.result(Duration.ofSeconds(10))).isEqualTo("x-a-b-c");
      assertThat(r.runs(RunFilter.all())).hasSize(1);
    }
  }

  /** Waits for the signal {@code go} and returns its payload. */
  static final class AwaitsGo implements Workflow<String, String> {
    @Override
    public String name() {
      return "awaits-go";
    }

    @Override
    public String run(RunContext ctx, String in) {
      return in + "-" + ctx.awaitSignal("go", String.class, Duration.ofDays(1)).orElse("none");
    }
  }

  @Test
  void aResultWaitThatRunsOutIsARunTimeoutNamingTheRunAndTheTimeoutAndTheRunGoesOn() {
    AwaitsGo w = new AwaitsGo();
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(w).build()) {
      r.start();
      RunHandle<String> h = r.submit(w, "x");
      Duration timeout = Duration.ofMillis(300);

      // what a caller catches: the run's own failures, or every Reprise failure
      RunException caught = catchThrowableOfType(RunException.class, () -> h.result(timeout));

      assertThat(caught)
          .isInstanceOf(RunTimeoutException.class)
          .isInstanceOf(RepriseException.class)
          .isInstanceOf(RuntimeException.class)
          .isNotInstanceOf(RunFailedException.class);
      RunTimeoutException timedOut = (RunTimeoutException) caught;
      assertThat(timedOut.runId()).isEqualTo(h.id());
      assertThat(timedOut.timeout()).isEqualTo(timeout);
      assertThat(timedOut.status())
          .as("the run's status when the wait gave up")
          .isIn(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.WAITING);
      assertThat(timedOut.getMessage())
          .contains("run " + h.id())
          .contains("did not end within PT0.3S")
          .contains("(status " + timedOut.status().label() + ")");

      assertThat(r.run(h.id()).status())
          .as("a timed-out wait ends nothing")
          .isNotIn(RunStatus.CANCELLED, RunStatus.FAILED);
      r.signal(h.id(), "go", "now");
      assertThat(h.result(Duration.ofSeconds(10))).isEqualTo("x-now");
    }
  }

  @Test
  void aClientSubmitsRunsThatAnotherProcessExecutes() {
    Path db = dir.resolve("shared.db");
    Abc abc = new Abc();
    String id;
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      id = client.submitJson("abc", "\"from-client\"", RunOptions.DEFAULT).id();
      assertThat(client.run(id).status()).isEqualTo(RunStatus.PENDING);
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("from-client-a-b-c");
    }
  }

  @Test
  void twoHundredConcurrentRunsAllComplete() {
    Abc abc = new Abc();
    try (Reprise r =
        Reprise.builder().sqlite(dir.resolve("many.db")).concurrency(64).workflow(abc).build()) {
      r.start();
      List<RunHandle<String>> handles = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        handles.add(r.submit(abc, "r" + i));
      }
      for (int i = 0; i < 200; i++) {
        assertThat(handles.get(i).result(Duration.ofSeconds(60))).isEqualTo("r" + i + "-a-b-c");
      }
      assertThat(r.runs(RunFilter.all().withStatus(RunStatus.COMPLETED).withLimit(1000)))
          .hasSize(200);
      assertThat(abc.executions("c")).isEqualTo(200);
    }
  }

  @Test
  void listingFiltersByStatusAndWorkflowNewestFirst() {
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(abc).build()) {
      var a = r.submit(abc, "1", RunOptions.runId("a"));
      var b = r.submit(abc, "2", RunOptions.runId("b"));

      assertThat(r.runs(RunFilter.all().withStatus(RunStatus.PENDING)))
          .extracting(RunInfo::id)
          .containsExactlyInAnyOrder("a", "b");
      assertThat(r.runs(RunFilter.all().withWorkflow("other"))).isEmpty();
      assertThat(r.runs(RunFilter.all().withLimit(1))).hasSize(1);
      r.start();
      a.result(Duration.ofSeconds(10));
      b.result(Duration.ofSeconds(10));
      assertThat(r.runs(RunFilter.all().withStatus(RunStatus.PENDING))).isEmpty();
      assertThat(r.runs(RunFilter.all().withStatus(RunStatus.COMPLETED).withWorkflow("abc")))
          .hasSize(2);
    }
  }
}
