package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What stops a run for an operator, and the ways on that repeat no effect: a replay mismatch that
 * user code cannot swallow, resume in place, fork from a step, and retry only where effects were
 * undone.
 */
public abstract class OperatorContract extends EngineFixture {

  /** Counts bodies by step name, and keeps what compensations undid. */
  static final class Effects {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final List<String> undone = new CopyOnWriteArrayList<>();

    String ran(String step, String value) {
      runs.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
      return value;
    }

    int count(String step) {
      AtomicInteger n = runs.get(step);
      return n == null ? 0 : n.get();
    }
  }

  /**
   * An order, version 1 or 2: 2 renamed its second step and, like much real code, catches every
   * runtime exception around it and goes on with a fallback.
   */
  static final class Order implements Workflow<String, String> {
    final int version;
    final Effects effects;

    Order(int version, Effects effects) {
      this.version = version;
      this.effects = effects;
    }

    @Override
    public String name() {
      return "order";
    }

    @Override
    public String run(RunContext ctx, String id) {
      String hold =
          ctx.step(
              "reserve", () -> effects.ran("reserve", "hold-" + id), h -> effects.undone.add(h));
      String charge;
      if (version == 1) {
        charge = ctx.step("charge", () -> effects.ran("charge", "charge-" + id));
      } else {
        try {
          charge = ctx.step("charge-card", () -> effects.ran("charge-card", "card-" + id));
        } catch (RuntimeException e) {
          charge = ctx.step("fallback", () -> effects.ran("fallback", "free"));
        }
      }
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      return hold + "/" + charge;
    }
  }

  private Reprise engine(TestDatabase db, Workflow<?, ?> w) {
    Reprise r = db.builder().workflow(w).build();
    r.start();
    return r;
  }

  /** Runs version 1 of the order to its signal wait, then stops its engine. */
  private String parkedOrder(TestDatabase db, Effects effects) {
    try (Reprise r = engine(db, new Order(1, effects))) {
      String id = r.submit(new Order(1, effects), "o-1").id();
      await().atMost(Duration.ofSeconds(20)).until(() -> r.run(id).status() == RunStatus.WAITING);
      return id;
    }
  }

  @Test
  void aReplayMismatchStopsTheRunEvenWhenTheWorkflowCatchesIt() {
    TestDatabase db = db("a");
    Effects effects = new Effects();
    String id = parkedOrder(db, effects);
    try (Reprise r = engine(db, new Order(2, effects))) {
      r.signal(id, "go", "now");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).waitingFor() instanceof Wait.Operator);

      RunInfo run = r.run(id);
      assertThat(run.status()).isEqualTo(RunStatus.WAITING);
      Wait.Operator wait = (Wait.Operator) run.waitingFor();
      assertThat(wait.cause()).isEqualTo(Wait.Operator.NONDETERMINISM);
      assertThat(wait.reason()).contains("seq 2").contains("'charge'").contains("'charge-card'");
      assertThat(run.output()).isNull();
      assertThat(effects.count("fallback")).as("no call after the mismatch ran").isZero();
      assertThat(effects.count("charge-card")).isZero();
      assertThat(r.unresolved()).extracting(RunInfo::id).contains(id);
    }
  }

  @Test
  void aDeployThatFixesTheCodeContinuesTheStoppedRunInPlace() {
    TestDatabase db = db("b");
    Effects effects = new Effects();
    String id = parkedOrder(db, effects);
    try (Reprise r = engine(db, new Order(2, effects))) {
      r.signal(id, "go", "now");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).waitingFor() instanceof Wait.Operator);
    }
    try (Reprise r = engine(db, new Order(1, effects))) { // the fix: the step is named again
      String output = r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20));

      assertThat(output).isEqualTo("hold-o-1/charge-o-1");
      assertThat(effects.count("reserve")).isEqualTo(1);
      assertThat(effects.count("charge")).as("completed steps are not run again").isEqualTo(1);
    }
  }

  @Test
  void cancellingARunStoppedByAMismatchUndoesWhatItKnowsAndNamesWhatItCannot() {
    TestDatabase db = db("c");
    Effects effects = new Effects();
    String id = parkedOrder(db, effects);
    try (Reprise r = engine(db, new Order(2, effects))) {
      r.signal(id, "go", "now");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> r.run(id).waitingFor() instanceof Wait.Operator);
      r.cancel(id, "the order was withdrawn");
      RunFailedException ended =
          catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));

      assertThat(ended.status()).isEqualTo(RunStatus.FAILED_COMPENSATION);
      assertThat(effects.undone).containsExactly("hold-o-1");
      assertThat(r.run(id).failureReason()).contains("charge (seq 2)").contains("not undone");
    }
  }

  /** Three steps; the third fails (not retried) while {@code breaks} is set. */
  static final class Pipeline implements Workflow<String, String> {
    final Effects effects;
    volatile boolean breaks = true;
    final boolean compensates;

    Pipeline(Effects effects, boolean compensates) {
      this.effects = effects;
      this.compensates = compensates;
    }

    @Override
    public String name() {
      return "pipeline";
    }

    @Override
    public String run(RunContext ctx, String in) {
      String a =
          compensates
              ? ctx.step("a", () -> effects.ran("a", in + "a"), v -> effects.undone.add(v))
              : ctx.step("a", () -> effects.ran("a", in + "a"));
      String b = ctx.step("b", () -> effects.ran("b", a + "b"));
      return ctx.step(
          "c",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            effects.ran("c", "");
            if (breaks) {
              throw new IllegalStateException("c is broken");
            }
            return b + "c:" + ctx.idempotencyKey();
          });
    }
  }

  private RunFailedException failure(Reprise r, String id) {
    return catchThrowableOfType(
        RunFailedException.class,
        () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
  }

  @Test
  void aFailedRunIsResumedInPlaceWithItsIdsAndItsCompletedStepsKept() {
    Effects effects = new Effects();
    Pipeline p = new Pipeline(effects, false);
    try (Reprise r = engine(db("d"), p)) {
      String id = r.submit(p, "x").id();
      assertThat(failure(r, id).errorMessage()).contains("c is broken");
      assertThatThrownBy(() -> r.retry(id))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("resume it in place");

      p.breaks = false;
      r.as("ops-1", "c was fixed").resume(id);

      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("xabc:" + id + ":3");
      assertThat(effects.count("a")).isEqualTo(1);
      assertThat(effects.count("b")).isEqualTo(1);
      assertThat(effects.count("c")).isEqualTo(2);
      assertThat(r.audit(id))
          .extracting(AuditEntry::action, AuditEntry::actor)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(OperatorAction.RESUME, "ops-1"));
      assertThatThrownBy(() -> r.resume(id))
          .as("a completed run is not resumed")
          .isInstanceOf(RunStateException.class);
    }
  }

  @Test
  void aForkReusesTheOutcomesBeforeItsPositionAndRunsTheRest() {
    Effects effects = new Effects();
    Pipeline p = new Pipeline(effects, false);
    try (Reprise r = engine(db("e"), p)) {
      String id = r.submit(p, "x").id();
      failure(r, id);
      p.breaks = false;

      RunHandle<Object> fork = r.fork(id, 3);
      assertThat(fork.id()).isNotEqualTo(id);
      assertThat(fork.result(Duration.ofSeconds(20))).isEqualTo("xabc:" + fork.id() + ":3");
      assertThat(effects.count("a")).as("its outcome was reused").isEqualTo(1);
      assertThat(effects.count("b")).isEqualTo(1);
      assertThat(r.fork(id, 3).id()).as("the same fork twice").isEqualTo(fork.id());
      assertThat(r.run(id).status()).as("the original stays as it was").isEqualTo(RunStatus.FAILED);

      assertThatThrownBy(() -> r.fork(id, 9))
          .isInstanceOfSatisfying(
              InvalidConfigurationException.class, e -> assertThat(e.field()).isEqualTo("fromSeq"));
    }
  }

  @Test
  void retryStartsANewRunOnlyWhereTheEffectsWereUndone() {
    Effects effects = new Effects();
    Pipeline p = new Pipeline(effects, true);
    try (Reprise r = engine(db("f"), p)) {
      String id = r.submit(p, "x").id();
      RunFailedException failed = failure(r, id);
      assertThat(r.run(id).compensated()).isTrue();
      assertThat(effects.undone).containsExactly("xa");

      assertThatThrownBy(() -> r.fork(id, 3))
          .as("its steps were undone: a fork would reuse effects that no longer exist")
          .isInstanceOf(RunStateException.class);
      assertThatThrownBy(() -> r.resume(id)).isInstanceOf(RunStateException.class);
      p.breaks = false;
      RunHandle<Object> retried = r.retry(id);
      assertThat(retried.result(Duration.ofSeconds(20))).isEqualTo("xabc:" + retried.id() + ":3");
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
    }
  }

  @Test
  void aForkedRunGoesOnOnlyAsItsFork() {
    Effects effects = new Effects();
    Pipeline p = new Pipeline(effects, false);
    try (Reprise r = engine(db("g"), p)) {
      String id = r.submit(p, "x").id();
      failure(r, id);
      p.breaks = false;
      RunHandle<Object> fork = r.fork(id, 3);
      assertThat(fork.result(Duration.ofSeconds(20))).isEqualTo("xabc:" + fork.id() + ":3");

      assertThatThrownBy(() -> r.resume(id))
          .as("resuming the original would run c a second time")
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("forked");
      assertThatThrownBy(() -> r.fork(id, 2))
          .as("a fork from another position would run c a second time")
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("forked already, as run " + fork.id());
      assertThat(r.fork(id, 3).id()).as("the same fork again").isEqualTo(fork.id());
      assertThat(r.runs(RunFilter.all())).hasSize(2);
      assertThat(effects.count("c")).isEqualTo(2);
      assertThat(r.run(id).status()).isEqualTo(RunStatus.FAILED);
    }
  }
}
