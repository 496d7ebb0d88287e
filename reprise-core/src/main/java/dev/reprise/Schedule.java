package dev.reprise;

import java.time.Instant;

/**
 * A cron schedule that starts runs of a workflow. Each fire time starts exactly one run, with the
 * id {@code schedule:NAME:EPOCH_MILLIS}, even across restarts.
 *
 * @param cron a Unix cron expression (five fields: minute hour day-of-month month day-of-week)
 * @param zone the time zone the expression is read in
 * @param input the input of every run, as JSON
 * @param nextFireAt when it fires next, or null when paused
 */
public record Schedule(
    String name,
    String cron,
    String zone,
    String workflow,
    String input,
    MisfirePolicy misfire,
    boolean paused,
    Instant nextFireAt,
    Instant lastFireAt) {}
