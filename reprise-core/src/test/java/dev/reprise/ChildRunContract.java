package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.SettableClock;
import dev.reprise.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class ChildRunContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** Doubles a number after a nap of {@code input} minutes; fails on negative numbers. */
  static final class Doubler implements Workflow<Integer, Integer> {
    @Override
    public String name() {
      return "doubler";
    }

    @Override
    public Integer run(RunContext ctx, Integer minutes) {
      if (minutes < 0) {
        throw new IllegalArgumentException("negative: " + minutes);
      }
      ctx.sleep(Duration.ofMinutes(minutes));
      return ctx.step("double", () -> minutes * 2);
    }
  }

  /** Starts one child per number, all at once, then joins them in order. */
  static final class FanOut implements Workflow<List<Integer>, String> {
    final Doubler doubler = new Doubler();

    @Override
    public String name() {
      return "fan-out";
    }

    @Override
    public String run(RunContext ctx, List<Integer> numbers) {
      List<ChildRun<Integer>> children = new ArrayList<>();
      for (int n : numbers) {
        children.add(ctx.startChild(doubler, n));
      }
      List<String> results = new ArrayList<>();
      for (ChildRun<Integer> child : children) {
        try {
          results.add(String.valueOf(ctx.awaitChild(child)));
        } catch (StepFailedException e) {
          results.add("failed:" + e.errorType());
        }
      }
      return String.join(",", results);
    }
  }

  private Reprise reprise(TestDatabase db, InstantSource clock, FanOut fanOut) {
    return db.builder().clock(clock).workflow(fanOut).workflow(fanOut.doubler).build();
  }

  @Test
  void childrenRunSideBySideAndTheParentJoinsTheirOutputs() {
    SettableClock clock = SettableClock.manual(T0);
    FanOut fanOut = new FanOut();
    try (Reprise r = reprise(db("a"), clock, fanOut)) {
      r.start();
      var parent = r.submit(fanOut, List.of(0, 30, 10, -1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  r.runs(RunFilter.all().withWorkflow("doubler").withStatus(RunStatus.WAITING))
                          .size()
                      == 2);
      // the parent parks once it has started all four and waits for the first unfinished one
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run(parent.id()).status() == RunStatus.WAITING);

      clock.advance(Duration.ofMinutes(30));

      assertThat(parent.result(Duration.ofSeconds(10)))
          .isEqualTo("0,60,20,failed:" + IllegalArgumentException.class.getName());
      List<RunInfo> children = r.runs(RunFilter.all().withWorkflow("doubler"));
      assertThat(children)
          .extracting(RunInfo::id)
          .containsExactlyInAnyOrder(
              parent.id() + ":1", parent.id() + ":2", parent.id() + ":3", parent.id() + ":4");
      assertThat(r.run(parent.id()).steps())
          .extracting(StepInfo::kind)
          .containsOnly(StepKind.CHILD)
          .hasSize(4);
    }
  }

  @Test
  void aReplayNeverStartsASecondChild() {
    TestDatabase db = db("b");
    SettableClock clock = SettableClock.manual(T0);
    FanOut fanOut = new FanOut();
    String id;
    try (Reprise r = reprise(db, clock, fanOut)) {
      r.start();
      id = r.submit(fanOut, List.of(60)).id();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptionsInstanceOf(RunNotFoundException.class) // the child is not started yet
          .until(() -> r.run(id + ":1").status() == RunStatus.WAITING);
    }
    clock.advance(Duration.ofHours(1));
    try (Reprise r = reprise(db, clock, fanOut)) {
      r.start();
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("120");
      try (Jdbc sql = db.jdbc()) {
        assertThat(sql.count("select count(*) from runs where parent_id = ?", id)).isEqualTo(1);
      }
    }
  }

  @Test
  void aChildThatEndedWhileNobodyListenedLetsItsParentGoOnAfterRestart() {
    TestDatabase db = db("c");
    SettableClock clock = SettableClock.manual(T0);
    FanOut fanOut = new FanOut();
    String id;
    try (Reprise r = reprise(db, clock, fanOut)) {
      r.start();
      id = r.submit(fanOut, List.of(600)).id();
      await().atMost(Duration.ofSeconds(10)).until(() -> r.run(id).status() == RunStatus.WAITING);
    }
    // the child ends by other hands while no engine runs, and its parent is not woken
    try (Jdbc sql = db.jdbc()) {
      sql.update(
          "update runs set status = 'completed', output = '7', ended_at = 1 where id = ?",
          id + ":1");
    }
    try (RepriseClient client = db.builder().clock(clock).buildClient()) {
      assertThat(client.reconcile()).isEqualTo(new ReconcileReport(1, 0));
      assertThat(client.reconcile())
          .as("nothing left to repair")
          .isEqualTo(new ReconcileReport(0, 0));
    }
    try (Reprise r = reprise(db, clock, fanOut)) {
      r.start();
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("7");
    }
  }

  @Test
  void reconcileSkipsParentsWhoseChildrenAreStillGoing() {
    SettableClock clock = SettableClock.manual(T0);
    FanOut fanOut = new FanOut();
    try (Reprise r = reprise(db("d"), clock, fanOut)) {
      r.start();
      var parent = r.submit(fanOut, List.of(90));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run(parent.id()).status() == RunStatus.WAITING);

      assertThat(r.reconcile()).isEqualTo(new ReconcileReport(0, 1));
    }
  }
}
