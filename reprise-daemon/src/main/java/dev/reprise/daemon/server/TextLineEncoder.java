package dev.reprise.daemon.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Writes each event as a line for people: time, level, event, then {@code key=value} details. */
final class TextLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    Map<String, Object> line = LogLine.fields(event);
    StringBuilder b = new StringBuilder();
    b.append(TIME.format(event.getInstant()))
        .append(' ')
        .append(String.format(Locale.ROOT, "%-5s", event.getLevel()))
        .append(' ')
        .append(line.get("event"));
    line.forEach(
        (k, v) -> {
          if (!k.equals("ts") && !k.equals("level") && !k.equals("event") && !k.equals("logger")) {
            b.append(' ').append(k).append('=').append(v);
          }
        });
    return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
