package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Schemas;
import dev.reprise.testing.Seed;
import dev.reprise.testing.Workflows.Abc;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
  @TempDir Path dir;

  @Test
  void replayReturnsRecordedOutputsWithoutRunningTheirBodies() {
    Path db = dir.resolve("r.db");
    Abc abc = new Abc();
    Schemas.create(db);
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "run-1", "abc", "\"x\"");
      Seed.step(sql, "run-1", 1, "a", "completed", "\"recorded-a\"", "java.lang.String", false, 1);
      Seed.step(sql, "run-1", 2, "b", "completed", "\"recorded-b\"", "java.lang.String", false, 1);
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      String out = r.handle("run-1", TypeRef.of(String.class)).result(Duration.ofSeconds(10));

      assertThat(out).isEqualTo("recorded-b-c");
      assertThat(abc.executions("a")).isZero();
      assertThat(abc.executions("b")).isZero();
      assertThat(abc.executions("c")).isEqualTo(1);
      assertThat(r.run("run-1").steps())
          .extracting(StepInfo::status)
          .containsOnly(StepStatus.COMPLETED);
    }
  }

  @Test
  void aRecordedFailureIsRethrownOnReplayWithoutRunningTheBody() {
    Path db = dir.resolve("f.db");
    Abc abc = new Abc();
    Schemas.create(db);
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "run-f", "abc", "\"x\"");
      Seed.step(sql, "run-f", 1, "a", "failed", null, null, false, 3);
      sql.update(
          "update steps set error_type = 'java.io.IOException', error_message = 'disk gone' where run_id = 'run-f'");
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      var failure =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle("run-f", TypeRef.of(String.class)).result(Duration.ofSeconds(10)));

      assertThat(failure.errorType()).isEqualTo("java.io.IOException");
      assertThat(failure.errorMessage()).contains("disk gone").contains("'a'");
      assertThat(abc.executions("a")).isZero();
    }
  }

  @Test
  void aReplayMismatchStopsTheRunToWaitForAnOperatorNamingBothStepsAndTheSeq() {
    Path db = dir.resolve("n.db");
    Abc abc = new Abc();
    Schemas.create(db);
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "run-n", "abc", "\"x\"");
      Seed.step(sql, "run-n", 1, "a", "completed", "\"x-a\"", "java.lang.String", false, 1);
      Seed.step(
          sql, "run-n", 2, "charge-card", "completed", "\"ok\"", "java.lang.String", false, 1);
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run("run-n").status() == RunStatus.WAITING);

      RunInfo run = r.run("run-n");
      assertThat(run.waitingFor())
          .isInstanceOfSatisfying(
              Wait.Operator.class,
              w -> {
                assertThat(w.cause()).isEqualTo(Wait.Operator.NONDETERMINISM);
                assertThat(w.reason()).contains("seq 2").contains("'charge-card'").contains("'b'");
              });
      assertThat(run.errorType()).isNull();
      assertThat(r.unresolved()).extracting(RunInfo::id).contains("run-n");
      assertThat(abc.executions("b")).isZero();
    }
  }

  @Test
  void aWorkflowThatReturnsBeforeTheEndOfItsJournalIsAMismatch() {
    Path db = dir.resolve("e.db");
    Abc abc = new Abc();
    Schemas.create(db);
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "run-e", "abc", "\"x\"");
      Seed.step(sql, "run-e", 1, "a", "completed", "\"x-a\"", "java.lang.String", false, 1);
      Seed.step(sql, "run-e", 2, "b", "completed", "\"x-a-b\"", "java.lang.String", false, 1);
      Seed.step(sql, "run-e", 3, "c", "completed", "\"x-a-b-c\"", "java.lang.String", false, 1);
      Seed.step(sql, "run-e", 4, "ship", "completed", "\"shipped\"", "java.lang.String", false, 1);
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run("run-e").status() == RunStatus.WAITING);

      // the code no longer ships: the run does not complete as if it had not shipped
      assertThat(r.run("run-e").waitingFor())
          .isInstanceOfSatisfying(
              Wait.Operator.class,
              w -> {
                assertThat(w.cause()).isEqualTo(Wait.Operator.NONDETERMINISM);
                assertThat(w.reason()).contains("seq 4").contains("'ship'").contains("returned");
              });
      assertThat(r.run("run-e").output()).isNull();
    }
  }

  @Test
  void nowAndRandomUuidReturnTheJournaledValuesOnReplay() {
    Path db = dir.resolve("t.db");
    Workflow<String, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "clocky";
          }

          @Override
          public String run(RunContext ctx, String input) {
            return ctx.now() + "|" + ctx.randomUUID();
          }
        };
    Schemas.create(db);
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "run-t", "clocky", "\"x\"");
      sql.update(
          "insert into steps (run_id, seq, name, kind, status, output, output_type, attempts, epoch)"
              + " values ('run-t', 1, 'now()', 'now', 'completed', '\"2020-01-02T03:04:05Z\"', 'java.time.Instant', 1, 1)");
      sql.update(
          "insert into steps (run_id, seq, name, kind, status, output, output_type, attempts, epoch)"
              + " values ('run-t', 2, 'randomUUID()', 'uuid', 'completed', '\"00000000-0000-0000-0000-000000000001\"', 'java.util.UUID', 1, 1)");
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(w).build()) {
      r.start();
      assertThat(r.handle("run-t", TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("2020-01-02T03:04:05Z|00000000-0000-0000-0000-000000000001");
    }
  }
}
