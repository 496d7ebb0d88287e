package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkReplay()} at the edges: a mismatch after a child, in a workflow that catches every
 * step failure, a failed_compensation run checked by its own code, and no write nor thread left.
 */
class ReplayCheckEdgesTest {
  @TempDir Path dir;

  static final class Kid implements Workflow<String, String> {
    @Override
    public String name() {
      return "kid";
    }

    @Override
    public String run(RunContext ctx, String in) {
      return ctx.step("k", () -> "kid-" + in);
    }
  }

  /** a, start+await a child, b (renamed in v2), wait for go. */
  static final class Parent implements Workflow<String, String> {
    volatile int version = 1;
    final Kid kid = new Kid();
    final AtomicInteger bodies = new AtomicInteger();

    @Override
    public String name() {
      return "parent";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("a", () -> body());
      ChildRun<String> c = ctx.startChild(kid, in, ChildOptions.DEFAULT);
      String out = ctx.awaitChild(c);
      ctx.step(version == 1 ? "b" : "b2", () -> body());
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      return out;
    }

    String body() {
      bodies.incrementAndGet();
      return "ok";
    }
  }

  static void awaitJournal(RepriseClient r, String id, StepKind kind) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                r.run(id).status() == RunStatus.WAITING
                    && r.steps(id).stream().anyMatch(s -> s.kind() == kind));
  }

  static boolean blocked(RunInfo info) {
    return info.status() == RunStatus.WAITING
        && info.waitingFor() instanceof Wait.Operator
        && ((Wait.Operator) info.waitingFor()).cause().equals(Wait.Operator.NONDETERMINISM);
  }

  @Test
  void aMismatchAfterACompletedChildIsFound() {
    Path db = dir.resolve("c.db");
    Parent p = new Parent();
    String id;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(p).workflow(p.kid).build()) {
      r.start();
      id = r.submit(p, "x").id();
      awaitJournal(r, id, StepKind.SIGNAL);
    }
    p.version = 2;
    List<ReplayProblem> problems;
    try (RepriseClient c =
        Reprise.builder().sqlite(db).readOnly().workflow(p).workflow(p.kid).buildClient()) {
      problems = c.checkReplay();
    }
    // the live engine with v2
    try (Reprise r = Reprise.builder().sqlite(db).workflow(p).workflow(p.kid).build()) {
      r.start();
      r.signal(id, "go", "now");
      await().atMost(Duration.ofSeconds(30)).until(() -> blocked(r.run(id)));
    }
    assertThat(problems).as("the live engine stops this run").hasSize(1);
  }

  /** Catches a failing step and goes on (a batch). v2 renames the items. */
  static final class Batch implements Workflow<String, String> {
    volatile String prefix = "item-";

    @Override
    public String name() {
      return "batch";
    }

    @Override
    public String run(RunContext ctx, String in) {
      int failed = 0;
      for (int i = 0; i < 3; i++) {
        try {
          ctx.step(prefix + i, () -> "ok");
        } catch (RuntimeException e) {
          failed++;
        }
      }
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      return "failed " + failed;
    }
  }

  @Test
  void aMismatchInAWorkflowThatCatchesStepFailuresIsFound() {
    Path db = dir.resolve("b.db");
    Batch b = new Batch();
    String id;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(b).build()) {
      r.start();
      id = r.submit(b, "x").id();
      awaitJournal(r, id, StepKind.SIGNAL);
    }
    b.prefix = "itm-";
    List<ReplayProblem> problems;
    try (RepriseClient c = Reprise.builder().sqlite(db).readOnly().workflow(b).buildClient()) {
      problems = c.checkReplay();
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(b).build()) {
      r.start();
      r.signal(id, "go", "now");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> blocked(r.run(id)) || r.run(id).status().isTerminal());
    }
    assertThat(problems).as("the live engine stops this run").hasSize(1);
  }

  static final CountDownLatch entered = new CountDownLatch(1);
  static final CountDownLatch release = new CountDownLatch(1);
  static volatile boolean compensationFails = true;

  /** a (its compensation fails), b blocks until released, c. */
  static final class Saga implements Workflow<String, String> {
    @Override
    public String name() {
      return "saga";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step(
          "a",
          StepOptions.DEFAULT.withCompensationRetry(RetryPolicy.NONE),
          () -> "a",
          out -> {
            if (compensationFails) {
              throw new IllegalStateException("refund service down");
            }
          });
      ctx.step(
          "b",
          () -> {
            entered.countDown();
            while (true) {
              try {
                release.await();
                return "b";
              } catch (InterruptedException e) {
                // keep going
              }
            }
          });
      ctx.step("c", () -> "c");
      return "done";
    }
  }

  @Test
  void aFailedCompensationRunCancelledBetweenStepsIsNotAProblemForItsOwnCode() throws Exception {
    Path db = dir.resolve("s.db");
    Saga s = new Saga();
    String id;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(s).build()) {
      r.start();
      id = r.submit(s, "x").id();
      entered.await();
      r.cancel(id, "stop it");
      release.countDown();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> r.run(id).status() == RunStatus.FAILED_COMPENSATION);
    }
    List<ReplayProblem> problems;
    try (RepriseClient c = Reprise.builder().sqlite(db).readOnly().workflow(s).buildClient()) {
      problems = c.checkReplay();
    }
    // the live engine with the same code: retry the compensation
    compensationFails = false;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(s).build()) {
      r.start();
      r.retryCompensation(id);
      await().atMost(Duration.ofSeconds(30)).until(() -> r.run(id).status().isTerminal());
    }
    assertThat(problems).as("same code that ran it").isEmpty();
  }

  static String digest(Path p) throws Exception {
    if (!Files.exists(p)) {
      return "absent";
    }
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }

  @Test
  void checkReplayWritesNothingAndLeavesNoThreads() throws Exception {
    Path db = dir.resolve("w.db");
    Batch b = new Batch();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(b).build()) {
      r.start();
      for (int i = 0; i < 20; i++) {
        String id = r.submit(b, "x" + i).id();
        awaitJournal(r, id, StepKind.SIGNAL);
      }
    }
    for (boolean ro : new boolean[] {true, false}) {
      String before = digest(db) + "/" + Files.size(db);
      int threadsBefore = Thread.activeCount();
      Reprise.Builder builder = Reprise.builder().sqlite(db).workflow(b);
      if (ro) {
        builder = builder.readOnly();
      }
      try (RepriseClient c = builder.buildClient()) {
        int t0 = Thread.activeCount();
        for (int k = 0; k < 5; k++) {
          assertThat(c.checkReplay()).isEmpty();
        }
      }
      String after = digest(db) + "/" + Files.size(db);
      assertThat(after).as("ro=" + ro).isEqualTo(before);
    }
  }
}
