package dev.reprise.internal.engine;

import dev.reprise.MisfirePolicy;
import dev.reprise.Schedule;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.ScheduleRows;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due cron schedules. A fire time starts one run whose id is derived from the schedule and
 * the time, inserted with the move of the schedule's next fire time in one transaction; so a fire
 * starts exactly one run across restarts and processes. Fire times noticed more than {@link
 * #MISFIRE_GRACE} late are misfires, handled by the schedule's policy.
 */
final class Chronos {
  static final Duration MISFIRE_GRACE = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(Chronos.class);

  private Chronos() {}

  /** Fires what is due at {@code now}; returns how many runs it started. */
  static int tick(ScheduleRows schedules, Instant now) {
    int started = 0;
    for (Schedule s : schedules.due(now.toEpochMilli())) {
      Cron cron = Cron.parse(s.cron(), s.zone());
      Instant latest = cron.latest(now);
      boolean onTime = !latest.plus(MISFIRE_GRACE).isBefore(now);
      boolean fire = onTime || s.misfire() == MisfirePolicy.RUN_ONCE;
      NewRun run =
          fire
              ? NewRun.pending(
                  runId(s.name(), latest), s.workflow(), s.input(), null, now.toEpochMilli())
              : null;
      long next = cron.next(now).toEpochMilli();
      if (schedules.fire(s.name(), s.nextFireAt().toEpochMilli(), next, run, latest.toEpochMilli())
          && fire) {
        started++;
      }
      if (!onTime) {
        log.atInfo()
            .setMessage("schedule_misfire")
            .addKeyValue("event", "schedule_misfire")
            .addKeyValue("schedule", s.name())
            .addKeyValue("policy", s.misfire().name().toLowerCase(java.util.Locale.ROOT))
            .addKeyValue("missed_since", s.nextFireAt())
            .log();
      }
    }
    return started;
  }

  static String runId(String schedule, Instant fireTime) {
    return "schedule:" + schedule + ":" + fireTime.toEpochMilli();
  }
}
