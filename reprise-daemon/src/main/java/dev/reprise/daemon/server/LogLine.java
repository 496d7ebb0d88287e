package dev.reprise.daemon.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One log event as the daemon writes it: the event's name (its {@code event} key, else its message)
 * and its details (the other key-value pairs), in either format.
 */
final class LogLine {
  private LogLine() {}

  static Map<String, Object> fields(ILoggingEvent e) {
    Map<String, Object> details = new LinkedHashMap<>();
    String event = null;
    if (e.getKeyValuePairs() != null) {
      for (KeyValuePair kv : e.getKeyValuePairs()) {
        if ("event".equals(kv.key)) {
          event = String.valueOf(kv.value);
        } else {
          details.put(kv.key, kv.value);
        }
      }
    }
    String message = e.getFormattedMessage();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("ts", e.getInstant().toString());
    line.put("level", e.getLevel().toString().toLowerCase(java.util.Locale.ROOT));
    line.put("event", event != null ? event : message);
    line.put("logger", shortName(e.getLoggerName()));
    if (event != null && message != null && !message.equals(event)) {
      line.put("message", message);
    }
    line.putAll(details);
    IThrowableProxy error = e.getThrowableProxy();
    if (error != null) {
      line.put(
          "error",
          error.getMessage() == null
              ? error.getClassName()
              : error.getClassName() + ": " + error.getMessage());
    }
    return line;
  }

  private static String shortName(String logger) {
    int dot = logger == null ? -1 : logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}
