package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkReplay()}: before a deploy, the new code replays the journals of the runs in flight
 * and names those it would stop, running no body and writing nothing.
 */
class ReplayCheckTest {
  @TempDir Path dir;

  /** reserve, charge (or what a version calls it), then wait for "go", then ship. */
  static final class Order implements Workflow<String, String> {
    final String version;
    final AtomicInteger bodies = new AtomicInteger();

    Order(String version) {
      this.version = version;
    }

    @Override
    public String name() {
      return "order";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("reserve", this::body);
      switch (version) {
        case "renamed" -> ctx.step("bill", this::body);
        case "inserted" -> {
          ctx.step("charge", this::body);
          ctx.step("fraud-check", this::body);
        }
        case "patched" -> {
          ctx.step("charge", this::body);
          if (ctx.patched("fraud-check")) {
            ctx.step("fraud-check", this::body);
          }
        }
        case "returns-early" -> {
          return "done early";
        }
        default -> ctx.step("charge", this::body);
      }
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      return ctx.step("ship", this::body);
    }

    private String body() {
      bodies.incrementAndGet();
      return "ok";
    }
  }

  @Test
  void theNewCodeIsCheckedAgainstEveryRunInFlightAndOnlyRealMismatchesAreNamed() {
    Path db = dir.resolve("check.db");
    Order v1 = new Order("v1");
    List<String> waiting = new ArrayList<>();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(v1).build()) {
      r.start();
      for (int i = 0; i < 3; i++) {
        waiting.add(r.submit(v1, "o-" + i).id());
      }
      String done = r.submit(v1, "o-done").id();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.unresolved().stream().allMatch(x -> x.status() == RunStatus.WAITING));
      r.signal(done, "go", "now");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(done).status() == RunStatus.COMPLETED);
      assertThat(r.checkReplay()).as("the code they run under").isEmpty();
    }

    for (String version : List.of("v1", "patched")) {
      Order code = new Order(version);
      try (RepriseClient c = Reprise.builder().sqlite(db).workflow(code).buildClient()) {
        assertThat(c.checkReplay()).as(version).isEmpty();
        assertThat(code.bodies).as("no body runs").hasValue(0);
      }
    }

    Order renamed = new Order("renamed");
    try (RepriseClient c = Reprise.builder().sqlite(db).workflow(renamed).buildClient()) {
      List<ReplayProblem> problems = c.checkReplay();
      assertThat(problems)
          .extracting(ReplayProblem::runId)
          .containsExactlyInAnyOrderElementsOf(waiting);
      assertThat(problems)
          .allSatisfy(
              p -> {
                assertThat(p.seq()).isEqualTo(2);
                assertThat(p.problem()).contains("charge").contains("bill");
              });
      assertThat(renamed.bodies).hasValue(0);
    }

    for (String[] version : new String[][] {{"inserted", "3"}, {"returns-early", "2"}}) {
      try (RepriseClient c =
          Reprise.builder().sqlite(db).workflow(new Order(version[0])).buildClient()) {
        assertThat(c.checkReplay())
            .as(version[0])
            .hasSize(3)
            .allSatisfy(p -> assertThat(p.seq()).isEqualTo(Integer.parseInt(version[1])));
      }
    }

    try (RepriseClient c = Reprise.builder().sqlite(db).buildClient()) {
      assertThat(c.checkReplay())
          .hasSize(3)
          .allSatisfy(p -> assertThat(p.problem()).contains("no workflow named 'order'"));
    }

    try (Reprise r = Reprise.builder().sqlite(db).workflow(v1).build()) {
      r.start();
      for (String id : waiting) {
        assertThat(r.run(id).status()).as("untouched by the checks").isEqualTo(RunStatus.WAITING);
        r.signal(id, "go", "now");
      }
      for (String id : waiting) {
        assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
            .isEqualTo("ok");
      }
    }
  }
}
