package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.SettableClock;
import dev.reprise.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

public abstract class SleepContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** Notes the time, sleeps an hour, notes the time again. */
  static final class Nap implements Workflow<String, String> {
    final List<String> log = new CopyOnWriteArrayList<>();
    final InstantSource clock;
    final Duration nap;

    Nap(InstantSource clock, Duration nap) {
      this.clock = clock;
      this.nap = nap;
    }

    @Override
    public String name() {
      return "nap";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step("before", () -> log.add("before at " + clock.instant()));
      ctx.sleep(nap);
      ctx.step("after", () -> log.add("after at " + clock.instant()));
      return "rested";
    }
  }

  private Reprise reprise(TestDatabase db, InstantSource clock, Workflow<?, ?> w) {
    Reprise r = db.builder().clock(clock).workflow(w).build();
    r.start();
    return r;
  }

  @Test
  void aLongSleepParksTheRunWithoutAThreadAndWakesItOnTime() {
    SettableClock clock = SettableClock.manual(T0);
    Nap nap = new Nap(clock, Duration.ofHours(1));
    try (Reprise r = reprise(db("s"), clock, nap)) {
      var handle = r.submit(nap, "x");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run(handle.id()).status() == RunStatus.WAITING);

      assertThat(nap.log).containsExactly("before at " + T0);
      try (Jdbc sql = db("s").jdbc()) {
        assertThat(
                sql.string(
                    "select coalesce(owner, 'nobody') || ' ' || wake_at from runs where id = ?",
                    handle.id()))
            .as("held by no process until it is due")
            .isEqualTo("nobody " + T0.plus(Duration.ofHours(1)).toEpochMilli());
      }
      clock.advance(Duration.ofMinutes(59));
      assertThat(r.run(handle.id()).status()).isEqualTo(RunStatus.WAITING);

      clock.advance(Duration.ofMinutes(1));
      assertThat(handle.result(Duration.ofSeconds(10))).isEqualTo("rested");
      assertThat(nap.log)
          .containsExactly("before at " + T0, "after at " + T0.plus(Duration.ofHours(1)));
      StepInfo sleep = r.run(handle.id()).steps().get(1);
      assertThat(sleep.kind()).isEqualTo(StepKind.SLEEP);
      assertThat(sleep.status()).isEqualTo(StepStatus.COMPLETED);
      assertThat(sleep.output()).isEqualTo("\"" + T0.plus(Duration.ofHours(1)) + "\"");
    }
  }

  @Test
  void aRestartDuringASleepWakesOnceAtTheOriginalTime() {
    TestDatabase db = db("restart");
    SettableClock clock = SettableClock.manual(T0);
    Nap first = new Nap(clock, Duration.ofHours(1));
    String id;
    try (Reprise r = reprise(db, clock, first)) {
      id = r.submit(first, "x").id();
      await().atMost(Duration.ofSeconds(10)).until(() -> r.run(id).status() == RunStatus.WAITING);
    }
    clock.advance(Duration.ofMinutes(30));
    // the new process's workflow would sleep two hours from now; the journal says one hour from T0
    Nap second = new Nap(clock, Duration.ofHours(2));
    try (Reprise r = reprise(db, clock, second)) {
      assertThat(r.run(id).status()).isEqualTo(RunStatus.WAITING);
      clock.advance(Duration.ofMinutes(30));

      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("rested");
      assertThat(second.log).containsExactly("after at " + T0.plus(Duration.ofHours(1)));
      try (Jdbc sql = db.jdbc()) {
        assertThat(sql.count("select count(*) from steps where run_id = ? and kind = 'sleep'", id))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void aSleepWhoseTimePassedWhileDownEndsAtOnceAfterRestart() {
    TestDatabase db = db("late");
    SettableClock clock = SettableClock.manual(T0);
    Nap nap = new Nap(clock, Duration.ofMinutes(5));
    String id;
    try (Reprise r = reprise(db, clock, nap)) {
      id = r.submit(nap, "x").id();
      await().atMost(Duration.ofSeconds(10)).until(() -> r.run(id).status() == RunStatus.WAITING);
    }
    clock.advance(Duration.ofDays(2));
    try (Reprise r = reprise(db, clock, nap)) {
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("rested");
    }
  }

  @Test
  void aVeryShortSleepStaysOnTheRunsThread() {
    SettableClock clock = SettableClock.autoAdvancing(T0);
    Nap nap = new Nap(clock, Duration.ofMillis(50));
    try (Reprise r = reprise(db("short"), clock, nap)) {
      var handle = r.submit(nap, "x");
      assertThat(handle.result(Duration.ofSeconds(10))).isEqualTo("rested");
      assertThat(nap.log).containsExactly("before at " + T0, "after at " + T0.plusMillis(50));
      assertThat(r.run(handle.id()).recoveries()).isZero();
    }
  }

  @Test
  void negativeOrAbsurdSleepsFailTheRunNamingTheField() {
    Workflow<Long, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "bad-sleep";
          }

          @Override
          public String run(RunContext ctx, Long days) {
            ctx.sleep(Duration.ofDays(days));
            return "slept";
          }
        };
    try (Reprise r = db("mem").builder().workflow(w).build()) {
      r.start();
      assertThatThrownBy(() -> r.submit(w, -1L).result(Duration.ofSeconds(10)))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("duration");
      assertThatThrownBy(() -> r.submit(w, 1_000_000L).result(Duration.ofSeconds(10)))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("duration");
    }
  }
}
