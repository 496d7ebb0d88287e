package dev.reprise.daemon.cli;

import dev.reprise.Ids;
import dev.reprise.InvalidConfigurationException;
import java.util.function.BinaryOperator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks ids on the command line as the library does ({@link Ids}), so that a bad one is a usage
 * error naming the argument, and nothing is sent.
 */
public final class IdArguments {
  private IdArguments() {}

  private static String check(BinaryOperator<String> rule, String value) {
    try {
      return rule.apply("value", value);
    } catch (InvalidConfigurationException e) {
      throw new TypeConversionException(e.getMessage().substring("value: ".length()));
    }
  }

  /** A run id, signal or gate name. */
  public static final class Name implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return check(Ids::requireName, value);
    }
  }

  /** A schedule's name, when it is created. */
  public static final class ScheduleName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return check(Ids::requireScheduleName, value);
    }
  }

  /** An idempotency key. */
  public static final class Key implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return check(Ids::requireKey, value);
    }
  }

  /** Who acts. */
  public static final class Actor implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return check(Ids::requireActor, value);
    }
  }

  /**
   * An existing run or schedule: any id, so that one stored before ids were checked is reachable,
   * taken as {@code reprise runs} prints it ({@code \}{@code uXXXX} escapes read back, so that an
   * id with a NUL or a control character can be typed).
   */
  public static final class Reference implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return check(Ids::requireReference, Ids.fromPrintable(value));
    }
  }

  /**
   * Who runs the command, as the audit records it by default: the user behind {@code sudo} when
   * there is one (the command usually runs as the daemon's user to read its token), else the
   * process's user.
   */
  public static String currentUser() {
    for (String candidate :
        new String[] {System.getenv("SUDO_USER"), System.getProperty("user.name")}) {
      if (candidate != null) {
        try {
          return Ids.requireActor("actor", candidate);
        } catch (InvalidConfigurationException e) {
          // try the next
        }
      }
    }
    return "unknown";
  }
}
