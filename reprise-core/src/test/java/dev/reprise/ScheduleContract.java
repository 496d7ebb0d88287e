package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.SettableClock;
import dev.reprise.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class ScheduleContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  static final class Report implements Workflow<String, String> {
    @Override
    public String name() {
      return "report";
    }

    @Override
    public String run(RunContext ctx, String kind) {
      return ctx.step("write", () -> kind + " report");
    }
  }

  private Reprise reprise(TestDatabase db, InstantSource clock) {
    Reprise r = db.builder().clock(clock).workflow(new Report()).build();
    r.start();
    return r;
  }

  private static List<String> completed(RepriseClient r) {
    return r.runs(RunFilter.all().withStatus(RunStatus.COMPLETED)).stream()
        .map(RunInfo::id)
        .sorted()
        .toList();
  }

  private static String at(String time) {
    return "schedule:every-5:" + Instant.parse("2030-01-01T" + time + "Z").toEpochMilli();
  }

  @Test
  void eachFireTimeStartsOneRunAcrossARestart() {
    TestDatabase db = db("a");
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = reprise(db, clock)) {
      Schedule s =
          r.schedule("every-5", "*/5 * * * *", "UTC", "report", "daily", MisfirePolicy.SKIP);
      assertThat(s.nextFireAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

      clock.advance(Duration.ofMinutes(5));
      await().atMost(Duration.ofSeconds(10)).until(() -> completed(r).size() == 1);
      assertThat(completed(r)).containsExactly(at("00:05:00"));
    }
    try (Reprise r = reprise(db, clock)) {
      clock.advance(Duration.ofMinutes(1));
      clock.advance(Duration.ofMinutes(4));
      await().atMost(Duration.ofSeconds(10)).until(() -> completed(r).size() == 2);
      assertThat(completed(r)).containsExactly(at("00:05:00"), at("00:10:00"));
      assertThat(r.run(at("00:10:00")).output()).isEqualTo("\"daily report\"");
      assertThat(r.schedules().get(0).lastFireAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }
  }

  @Test
  void theLastFireIsTheFireTimeNotWhenItWasNoticed() {
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = reprise(db("f"), clock)) {
      r.schedule("every-5", "*/5 * * * *", "UTC", "report", "x", MisfirePolicy.SKIP);
      clock.advance(Duration.ofSeconds(5 * 60 + 40)); // noticed 40 s late, inside the grace

      await().atMost(Duration.ofSeconds(10)).until(() -> completed(r).size() == 1);
      assertThat(r.schedules().get(0).lastFireAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }
  }

  @Test
  void skipDropsFireTimesMissedWhileDown() {
    TestDatabase db = db("b");
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = reprise(db, clock)) {
      r.schedule("every-5", "*/5 * * * *", "UTC", "report", "x", MisfirePolicy.SKIP);
    }
    clock.set(Instant.parse("2030-01-01T00:57:30Z"));
    try (Reprise r = reprise(db, clock)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  r.schedules().get(0).nextFireAt().equals(Instant.parse("2030-01-01T01:00:00Z")));
      assertThat(r.runs(RunFilter.all())).isEmpty();

      clock.set(Instant.parse("2030-01-01T01:00:00Z"));
      await().atMost(Duration.ofSeconds(10)).until(() -> completed(r).size() == 1);
      assertThat(completed(r)).containsExactly(at("01:00:00"));
    }
  }

  @Test
  void runOnceStartsOneRunForAllTheFireTimesMissedWhileDown() {
    TestDatabase db = db("c");
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = reprise(db, clock)) {
      r.schedule("every-5", "*/5 * * * *", "UTC", "report", "x", MisfirePolicy.RUN_ONCE);
    }
    clock.set(Instant.parse("2030-01-01T00:57:30Z"));
    try (Reprise r = reprise(db, clock)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> completed(r).size() == 1);
      assertThat(completed(r)).containsExactly(at("00:55:00"));
      assertThat(r.schedules().get(0).nextFireAt())
          .isEqualTo(Instant.parse("2030-01-01T01:00:00Z"));
    }
  }

  @Test
  void aPausedScheduleDoesNotFireUntilResumedAndADeletedOneIsGone() {
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = reprise(db("d"), clock)) {
      r.schedule("every-5", "*/5 * * * *", "Europe/Paris", "report", "x", MisfirePolicy.SKIP);
      r.pauseSchedule("every-5");
      assertThat(r.schedules().get(0).paused()).isTrue();
      clock.advance(Duration.ofMinutes(12));

      r.resumeSchedule("every-5");
      assertThat(r.schedules().get(0).nextFireAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
      assertThat(r.runs(RunFilter.all())).isEmpty();
      r.deleteSchedule("every-5");
      assertThat(r.schedules()).isEmpty();
      assertThatThrownBy(() -> r.pauseSchedule("every-5"))
          .isInstanceOf(ScheduleNotFoundException.class);
    }
  }

  @Test
  void badSchedulesAreRefusedNamingTheFieldAndNothingIsWritten() {
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = reprise(db("e"), clock)) {
      r.schedule("taken", "0 * * * *", "UTC", "report", "x", MisfirePolicy.SKIP);

      assertThatThrownBy(
              () -> r.schedule("s", "61 * * * *", "UTC", "report", "x", MisfirePolicy.SKIP))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("cron:");
      assertThatThrownBy(
              () -> r.schedule("s", "every day", "UTC", "report", "x", MisfirePolicy.SKIP))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("cron:");
      assertThatThrownBy(
              () -> r.schedule("s", "0 * * * *", "Mars/Olympus", "report", "x", MisfirePolicy.SKIP))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("zone:");
      assertThatThrownBy(
              () -> r.schedule("taken", "0 * * * *", "UTC", "report", "x", MisfirePolicy.SKIP))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("name:");
      assertThatThrownBy(() -> r.schedule("s", "0 * * * *", "UTC", "nope", "x", MisfirePolicy.SKIP))
          .isInstanceOf(UnknownWorkflowException.class);
      assertThatThrownBy(
              () ->
                  r.schedule(
                      "s",
                      "0 * * * *",
                      "UTC",
                      "report",
                      java.util.Map.of("kind", 1),
                      MisfirePolicy.SKIP))
          .isInstanceOf(InvalidInputException.class);
      assertThat(r.schedules()).extracting(Schedule::name).containsExactly("taken");
    }
  }
}
