package dev.reprise.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What is wrong with a value, in the words of JSON rather than Java: {@code must be a string}, not
 * Jackson's "Cannot coerce ... to `java.lang.String`". Messages reach API clients, who know the
 * JSON they sent and not the classes it was read into.
 */
final class JsonProblem {
  private JsonProblem() {}

  static String of(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      TreeSet<String> known = new TreeSet<>();
      u.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
      return "unknown field '" + u.getPropertyName() + "'; known: " + String.join(", ", known);
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      return withoutClassNames(String.valueOf(v.getCause().getMessage()));
    }
    if (missingProperty(e) != null) {
      return "is required";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      String was = e instanceof InvalidFormatException f ? ", was " + shown(f.getValue()) : "";
      return "must be " + kind(m.getTargetType()) + was;
    }
    return withoutClassNames(e.getOriginalMessage());
  }

  private static final Pattern MISSING =
      Pattern.compile("Missing required creator property '([^']*)'");

  /** The name of a required property that was absent, or null. */
  static String missingProperty(JsonProcessingException e) {
    Matcher m = MISSING.matcher(String.valueOf(e.getOriginalMessage()));
    return m.find() ? m.group(1) : null;
  }

  private static String kind(Class<?> t) {
    if (t == String.class || t == CharSequence.class || t == char.class || t == Character.class) {
      return "a string";
    }
    if (t == int.class || t == long.class || t == short.class || t == byte.class) {
      return "a whole number";
    }
    if (t == Integer.class || t == Long.class || t == Short.class || t == Byte.class) {
      return "a whole number";
    }
    if (t == BigInteger.class) {
      return "a whole number";
    }
    if (t == double.class || t == float.class || Number.class.isAssignableFrom(t)) {
      return "a number";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t.isEnum()) {
      return "one of "
          + Arrays.stream(t.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (TemporalAccessor.class.isAssignableFrom(t)) {
      return "an ISO-8601 date or time";
    }
    if (t.isArray() || Collection.class.isAssignableFrom(t)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(t) || !t.isPrimitive()) {
      return "an object";
    }
    return "another kind of value";
  }

  private static String shown(Object value) {
    String s = String.valueOf(value);
    return value instanceof String
        ? "'" + (s.length() > 100 ? s.substring(0, 100) + "..." : s) + "'"
        : s;
  }

  /** Drops Jackson's qualified class names ({@code `java.lang.String`}) and its coercion hints. */
  static String withoutClassNames(String message) {
    return message
        .replaceAll(":?\\s*enable `?JsonReadFeature\\.\\w+`? to allow", "")
        .replaceAll("\\s*\\(but could if coercion[^)]*\\)", "")
        .replaceAll("\\s*\\(class [\\w$.]+\\)", "")
        .replaceAll("`(?:[\\w$]+\\.)+([\\w$]+)`", "$1");
  }
}
