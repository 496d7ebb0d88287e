package dev.reprise.daemon.ops;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.Approval;
import dev.reprise.Reprise;
import dev.reprise.RunContext;
import dev.reprise.RunStatus;
import dev.reprise.TypeRef;
import dev.reprise.Workflow;
import dev.reprise.daemon.Cli.Result;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionCommandTest {
  @TempDir Path dir;

  /** Pays once finance decides. */
  static final class Payout implements Workflow<Long, String> {
    @Override
    public String name() {
      return "payout";
    }

    @Override
    public String run(RunContext ctx, Long cents) {
      Approval a = ctx.awaitApproval("finance", Duration.ofDays(1));
      return a.decision() + " by " + a.actor() + ": " + a.reason();
    }
  }

  @Test
  void approveAndRejectFromTheCommandLineReachWaitingRuns() {
    Path db = dir.resolve("reprise.db");
    Payout payout = new Payout();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(payout).build()) {
      r.start();
      String yes = r.submit(payout, 1L).id();
      String no = r.submit(payout, 2L).id();
      await().atMost(Duration.ofSeconds(10)).until(() -> r.run(no).status() == RunStatus.WAITING);

      Result approved =
          reprise(
              "approve",
              "--db",
              db.toString(),
              yes,
              "finance",
              "--actor",
              "ops-1",
              "--reason",
              "ok");
      Result rejected =
          reprise(
              "reject",
              "--db",
              db.toString(),
              no,
              "finance",
              "--actor",
              "ops-2",
              "--reason",
              "twice",
              "--json");

      assertThat(approved.exitCode()).as(approved.describe()).isZero();
      assertThat(approved.out()).contains("approved gate 'finance' of run " + yes + " as ops-1");
      assertThat(rejected.exitCode()).as(rejected.describe()).isZero();
      assertThat(rejected.out())
          .contains("\"decision\":\"rejected\"")
          .contains("\"actor\":\"ops-2\"");
      assertThat(r.handle(yes, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("APPROVED by ops-1: ok");
      assertThat(r.handle(no, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("REJECTED by ops-2: twice");
    }
  }

  @Test
  void badDecisionsAreRefusedWithAClearError() {
    Path db = dir.resolve("reprise.db");
    Reprise.builder().sqlite(db).build().close();

    Result unknown =
        reprise(
            "approve", "--db", db.toString(), "nope", "finance", "--actor", "a", "--reason", "r");
    Result blank =
        reprise(
            "reject", "--db", db.toString(), "nope", "finance", "--actor", " ", "--reason", "r");
    Result missing =
        reprise(
            "approve",
            "--db",
            dir.resolve("none.db").toString(),
            "x",
            "g",
            "--actor",
            "a",
            "--reason",
            "r");

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("no run with id 'nope'");
    assertThat(blank.exitCode()).isEqualTo(2);
    assertThat(blank.err()).contains("--actor");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("none.db");
  }
}
