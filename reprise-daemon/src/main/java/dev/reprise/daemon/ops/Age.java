package dev.reprise.daemon.ops;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An age given on the command line: a whole number and a unit ({@code 30d}, {@code 12h}, {@code
 * 15m}, {@code 45s}) or an ISO-8601 duration ({@code P30D}, {@code PT12H}); never negative.
 *
 * @param text as the user wrote it
 */
record Age(String text, Duration duration) {
  private static final Pattern SHORT = Pattern.compile("(-?\\d{1,18})([dhms])");

  static Age parse(String text) {
    String trimmed = text.strip();
    Duration duration;
    Matcher m = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        duration =
            switch (m.group(2)) {
              case "d" -> Duration.ofDays(n);
              case "h" -> Duration.ofHours(n);
              case "m" -> Duration.ofMinutes(n);
              default -> Duration.ofSeconds(n);
            };
      } else {
        duration = Duration.parse(trimmed);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new TypeConversionException(
          "'"
              + text
              + "' is not an age: write a whole number and a unit (30d, 12h, 15m, 45s) or an"
              + " ISO-8601 duration (P30D, PT12H)");
    }
    if (duration.isNegative()) {
      throw new TypeConversionException("'" + text + "' is negative; an age must be 0 or more");
    }
    return new Age(text, duration);
  }

  /** Reads {@link Age} options for picocli; a bad value is a usage error naming the option. */
  static final class Converter implements ITypeConverter<Age> {
    @Override
    public Age convert(String value) {
      return parse(value);
    }
  }
}
