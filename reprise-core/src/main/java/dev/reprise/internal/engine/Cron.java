package dev.reprise.internal.engine;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.reprise.InvalidConfigurationException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/** A Unix cron expression in a time zone, parsed by cron-utils: its fire times. */
record Cron(ExecutionTime times, ZoneId zone) {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** Parses and validates, naming the bad field. */
  static Cron parse(String expression, String zone) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidConfigurationException("cron", "must not be blank");
    }
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone == null ? "" : zone);
    } catch (DateTimeException e) {
      throw new InvalidConfigurationException("zone", "unknown time zone '" + zone + "'");
    }
    try {
      return new Cron(ExecutionTime.forCron(PARSER.parse(expression)), zoneId);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          "cron", "'" + expression + "' is not a Unix cron expression: " + e.getMessage());
    }
  }

  /** The first fire time strictly after {@code after}. */
  Instant next(Instant after) {
    Optional<ZonedDateTime> next = times.nextExecution(after.atZone(zone));
    return next.map(ZonedDateTime::toInstant)
        .orElseThrow(() -> new InvalidConfigurationException("cron", "never fires again"));
  }

  /** The last fire time at or before {@code at}. */
  Instant latest(Instant at) {
    return times
        .lastExecution(at.plusSeconds(1).atZone(zone))
        .map(ZonedDateTime::toInstant)
        .orElse(at);
  }
}
