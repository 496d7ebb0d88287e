package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ctx.patched(id)}: a workflow changed while runs of the old code are in flight. Old runs
 * replay the old path without a mismatch; new runs, and old runs going on past their journal, take
 * the new one, and keep it on every replay.
 */
class VersioningTest {
  @TempDir Path dir;

  /** v1: reserve, wait for "go", ship. v2 adds a fraud check after reserve, behind a patch. */
  static final class Order implements Workflow<String, String> {
    volatile int version = 1;
    final List<String> ran = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "order";
    }

    @Override
    public String run(RunContext ctx, String in) {
      String path = ctx.step("reserve", () -> note("reserve " + in));
      if (version == 2 && ctx.patched("fraud-check")) {
        path += "+" + ctx.step("fraud-check", () -> note("fraud-check " + in));
      }
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      if (version == 2 && ctx.patched("gift-note")) {
        path += "+" + ctx.step("gift-note", () -> note("gift-note " + in));
      }
      return path + "+" + ctx.step("ship", () -> note("ship " + in));
    }

    private String note(String what) {
      ran.add(what);
      return what.substring(0, what.indexOf(' '));
    }
  }

  @Test
  void anOldRunKeepsTheOldPathAndTakesAChangeMadePastItsJournalWhileANewRunTakesBoth() {
    Order order = new Order();
    Path db = dir.resolve("v.db");
    String old;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(order).build()) {
      r.start();
      old = r.submit(order, "o-1").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(old).status() == RunStatus.WAITING);
    }

    order.version = 2; // the deploy
    try (Reprise r = Reprise.builder().sqlite(db).workflow(order).build()) {
      r.start();
      String fresh = r.submit(order, "o-2").id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(fresh).status() == RunStatus.WAITING);
      r.signal(old, "go", "now");
      r.signal(fresh, "go", "now");
      assertThat(r.handle(old, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .as("before the wait it passed reserve without the check; after it, the gift note")
          .isEqualTo("reserve+gift-note+ship");
      assertThat(r.handle(fresh, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("reserve+fraud-check+gift-note+ship");
      assertThat(r.steps(fresh))
          .filteredOn(s -> s.kind() == StepKind.PATCH)
          .extracting(StepInfo::name)
          .containsExactly("fraud-check", "gift-note");
      assertThat(r.steps(old))
          .filteredOn(s -> s.kind() == StepKind.PATCH)
          .extracting(StepInfo::name)
          .containsExactly("gift-note");
    }
    assertThat(order.ran)
        .as("each body once; the old run never ran the fraud check")
        .containsExactlyInAnyOrder(
            "reserve o-1",
            "reserve o-2",
            "fraud-check o-2",
            "gift-note o-1",
            "ship o-1",
            "gift-note o-2",
            "ship o-2");
  }

  @Test
  void aRunThatTookTheNewPathTakesItAgainOnEveryReplay() {
    Order order = new Order();
    order.version = 2;
    Path db = dir.resolve("r.db");
    String id;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(order).build()) {
      r.start();
      id = r.submit(order, "o-3").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.WAITING);
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(order).build()) {
      r.start();
      r.signal(id, "go", "now");
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("reserve+fraud-check+gift-note+ship");
    }
    assertThat(order.ran).containsOnlyOnce("fraud-check o-3");
  }

  @Test
  void aChangeIdIsANameAndIsAskedOutsideSteps() {
    Workflow<String, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "bad-patches";
          }

          @Override
          public String run(RunContext ctx, String in) {
            if (in.equals("id")) {
              ctx.patched("no spaces");
            }
            return ctx.step("s", () -> String.valueOf(ctx.patched("inside")));
          }
        };
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(w).build()) {
      r.start();
      assertThatThrownBy(() -> r.submit(w, "id").result(Duration.ofSeconds(20)))
          .hasMessageContaining("changeId");
      assertThatThrownBy(() -> r.submit(w, "step").result(Duration.ofSeconds(20)))
          .hasMessageContaining("inside the body of step");
    }
  }
}
