package dev.reprise;

import java.time.Instant;

/**
 * One operator action, as recorded when it was done: who, what, on which run or schedule, when and
 * why. Read with {@link RepriseClient#audit(String)} and {@link RepriseClient#scheduleAudit}.
 *
 * @param runId the run acted on, or null for a schedule
 * @param schedule the schedule acted on, or null for a run
 * @param actor who acted, as the caller named them (see {@link RepriseClient#as(String)})
 * @param reason why, as the operator said (a cancel's reason, a resolve's note), or null
 * @param detail what the action produced, or null: the new run's id for a retry or a fork (and the
 *     position forked from), the cron and workflow of a created schedule
 */
public record AuditEntry(
    OperatorAction action,
    String runId,
    String schedule,
    String actor,
    String reason,
    String detail,
    Instant at) {}
