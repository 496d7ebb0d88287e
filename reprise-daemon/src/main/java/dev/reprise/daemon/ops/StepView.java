package dev.reprise.daemon.ops;

import dev.reprise.StepInfo;
import java.time.Instant;

/**
 * One journal entry as {@code reprise diag} shows it: labels in lower case, times in ISO-8601.
 *
 * @param kind {@code step}, {@code now}, {@code uuid} or {@code compensation}
 * @param status {@code pending}, {@code executing}, {@code completed} or {@code failed}
 */
record StepView(
    int seq,
    String name,
    String kind,
    String status,
    int attempts,
    boolean atMostOnce,
    String errorType,
    String errorMessage,
    String startedAt,
    String endedAt) {

  static StepView of(StepInfo s) {
    return new StepView(
        s.seq(),
        s.name(),
        s.kind().label(),
        s.status().label(),
        s.attempts(),
        s.atMostOnce(),
        s.errorType(),
        s.errorMessage(),
        time(s.startedAt()),
        time(s.endedAt()));
  }

  static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
