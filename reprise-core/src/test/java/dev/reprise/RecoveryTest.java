package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Schemas;
import dev.reprise.testing.Seed;
import dev.reprise.testing.Workflows.Abc;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryTest {
  @TempDir Path dir;

  private Path schema() {
    Path db = dir.resolve("rec.db");
    Schemas.create(db);
    return db;
  }

  @Test
  void bootRecoveryResetsInterruptedStepsAndReplaysTheirRuns() {
    Path db = schema();
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "r1", "abc", "\"one\"");
      Seed.step(sql, "r1", 1, "a", "completed", "\"one-a\"", "java.lang.String", false, 1);
      Seed.step(sql, "r1", 2, "b", "executing", null, null, false, 1);
      Seed.runningRun(sql, "r2", "abc", "\"two\"");
      Seed.step(sql, "r2", 1, "a", "executing", null, null, false, 2);
      Seed.runningRun(sql, "r3", "abc", "\"three\"");
    }
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      RecoveryReport report = r.start();

      assertThat(report).isEqualTo(new RecoveryReport(2, 3, 0, 0));
      assertThat(r.handle("r1", TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("one-a-b-c");
      assertThat(r.handle("r2", TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("two-a-b-c");
      assertThat(r.handle("r3", TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("three-a-b-c");
      assertThat(abc.executions("a")).isEqualTo(2);
      RunInfo r1 = r.run("r1");
      assertThat(r1.recoveries()).isEqualTo(1);
      assertThat(r1.steps().get(1).attempts())
          .as("interrupted attempt counted, then one more")
          .isEqualTo(2);
      assertThat(r.run("r2").steps().get(0).attempts()).isEqualTo(3);
    }
  }

  @Test
  void aCorruptRowIsQuarantinedWhileTheOthersRecover() {
    Path db = schema();
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "good", "abc", "\"fine\"");
      Seed.runningRun(sql, "corrupt", "abc", "{not json");
      Seed.runningRun(sql, "orphan", "no-such-workflow", "\"x\"");
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(new Abc()).build()) {
      RecoveryReport report = r.start();

      assertThat(report.runsQuarantined()).isEqualTo(2);
      assertThat(report.runsRestarted()).isEqualTo(1);
      assertThat(r.handle("good", TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("fine-a-b-c");
      RunInfo corrupt = r.run("corrupt");
      assertThat(corrupt.status()).isEqualTo(RunStatus.FAILED);
      assertThat(corrupt.errorType()).isEqualTo("quarantined");
      assertThat(corrupt.errorMessage()).contains("not valid JSON");
      assertThat(corrupt.input()).as("kept for an operator").isEqualTo("{not json");
      assertThat(r.run("orphan").errorMessage()).contains("unknown workflow 'no-such-workflow'");
    }
  }

  @Test
  void anInterruptedAtMostOnceStepIsNotRunAgainAndFailsTheRunNamingIt() {
    Path db = schema();
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "once", "abc", "\"x\"");
      Seed.step(sql, "once", 1, "a", "completed", "\"x-a\"", "java.lang.String", false, 1);
      Seed.step(sql, "once", 2, "b", "executing", null, null, true, 1);
    }
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      RecoveryReport report = r.start();

      assertThat(report).isEqualTo(new RecoveryReport(0, 0, 1, 0));
      catchThrowableOfType(
          RunFailedException.class,
          () -> r.handle("once", TypeRef.of(String.class)).result(Duration.ofSeconds(10)));
      RunInfo run = r.run("once");
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.errorType()).isEqualTo("interrupted_at_most_once");
      assertThat(run.errorMessage()).contains("'b'").contains("seq 2");
      assertThat(run.steps().get(1).status()).isEqualTo(StepStatus.FAILED);
      assertThat(abc.executions("b")).isZero();
    }
  }

  @Test
  void aStepInterruptedInEveryAttemptFailsInsteadOfLooping() {
    Path db = schema();
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "poison", "abc", "\"x\"");
      Seed.step(
          sql, "poison", 1, "a", "executing", null, null, false, RetryPolicy.DEFAULT.maxAttempts());
    }
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      var failure =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle("poison", TypeRef.of(String.class)).result(Duration.ofSeconds(10)));

      assertThat(failure.errorType()).isEqualTo("attempts_exhausted");
      assertThat(abc.executions("a")).isZero();
    }
  }

  @Test
  void inARecoveredRunEachAttemptIsDurableBeforeItsBodyRuns() {
    Path db = schema();
    try (Jdbc sql = Jdbc.open(db)) {
      Seed.runningRun(sql, "again", "probe", "\"x\"");
    }
    Workflow<String, String> probe =
        new Workflow<>() {
          @Override
          public String name() {
            return "probe";
          }

          @Override
          public String run(RunContext ctx, String input) {
            return ctx.step(
                "look",
                () -> {
                  try (Jdbc sql = Jdbc.open(db)) {
                    return sql.string(
                        "select status || '/' || attempts from steps where run_id = 'again' and seq = 1");
                  }
                });
          }
        };
    try (Reprise r = Reprise.builder().sqlite(db).workflow(probe).build()) {
      r.start();
      assertThat(r.handle("again", TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("executing/1");
    }
  }

  @Test
  void recoveryWithNothingToDoReportsZeros() {
    try (Reprise r = Reprise.builder().sqlite(schema()).workflow(new Abc()).build()) {
      assertThat(r.start()).isEqualTo(RecoveryReport.NONE);
    }
  }
}
