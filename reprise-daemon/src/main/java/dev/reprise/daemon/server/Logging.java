package dev.reprise.daemon.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.reprise.daemon.server.DaemonConfig.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Points the daemon's logging at stdout: JSON lines, or text when stdout is a terminal and the
 * format is {@code auto}. Replaces the quiet defaults of {@code logback.xml} that the other
 * commands keep.
 */
final class Logging {
  private Logging() {}

  /** Applies the format and level; called at start and at each reload. */
  static synchronized void configure(LogFormat format, String level) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    boolean text = format == LogFormat.TEXT || (format == LogFormat.AUTO && stdoutIsTerminal());
    EncoderBase<ILoggingEvent> encoder = text ? new TextLineEncoder() : new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("daemon");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
    Level rootLevel = Level.toLevel(level, Level.INFO);
    root.setLevel(rootLevel);
    // HikariCP writes its whole config, the JDBC URL with any //user:password@ in it, at debug
    context
        .getLogger("com.zaxxer.hikari.HikariConfig")
        .setLevel(rootLevel.isGreaterOrEqual(Level.INFO) ? rootLevel : Level.INFO);
  }

  /**
   * Whether stdout is a terminal. Since Java 22 {@code System.console()} exists even when stdout is
   * redirected and {@code Console.isTerminal()} says; on 21 a console exists only on a terminal.
   */
  static boolean stdoutIsTerminal() {
    var console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) console.getClass().getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }
}
