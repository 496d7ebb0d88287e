package dev.reprise;

import java.util.Map;
import java.util.TreeMap;

/**
 * The rules of run tags ({@link RunContext#tag}, {@link RunOptions#withTag}), fixed in the code so
 * that every node and every client agrees. A tag name is 1 to {@value #MAX_NAME} characters of
 * {@code A-Z a-z 0-9 . _ -} (no {@code :} or {@code =}, which separate a name from its value in
 * {@code GET /api/runs?tag=customer:c-1} and {@code reprise runs --tag customer=c-1}); a value is 1
 * to {@value #MAX_VALUE} printable characters (no control, format or bidirectional characters); a
 * run holds at most {@value #MAX_PER_RUN} tags. A value that breaks a rule is refused with an
 * {@link InvalidConfigurationException} naming the field, and nothing is written.
 */
public final class Tags {
  /** The longest tag name. */
  public static final int MAX_NAME = 64;

  /** The longest tag value. */
  public static final int MAX_VALUE = 256;

  /** The most tags one run holds. */
  public static final int MAX_PER_RUN = 32;

  private Tags() {}

  /** Checks a tag name; returns it. */
  public static String requireName(String field, String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
      throw new InvalidConfigurationException(
          field,
          "a tag name must be 1 to "
              + MAX_NAME
              + " characters, was "
              + (name == null ? "null" : name.length() + " long"));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new InvalidConfigurationException(
            field,
            "a tag name is made of A-Z a-z 0-9 . _ -; '"
                + Ids.printable(String.valueOf(c))
                + "' at index "
                + i
                + " is not allowed");
      }
    }
    return name;
  }

  /** Checks a tag value; returns it. */
  public static String requireValue(String field, String value) {
    // characters are code points: an emoji is one, though Java counts two chars for it
    int length = value == null ? 0 : value.codePointCount(0, value.length());
    if (value == null || value.isEmpty() || length > MAX_VALUE) {
      throw new InvalidConfigurationException(
          field,
          "a tag value must be 1 to "
              + MAX_VALUE
              + " characters, was "
              + (value == null ? "null" : length + " long"));
    }
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!Ids.isTextCodePoint(cp)) {
        throw new InvalidConfigurationException(
            field,
            "a tag value must be printable; U+"
                + String.format("%04X", cp)
                + " at index "
                + i
                + " is not allowed");
      }
      i += Character.charCount(cp);
    }
    return value;
  }

  /**
   * Checks a set of tags (at most {@value #MAX_PER_RUN}, each name and value by its rule); returns
   * a copy ordered by name.
   */
  public static Map<String, String> requireTags(String field, Map<String, String> tags) {
    if (tags == null || tags.isEmpty()) {
      return Map.of();
    }
    if (tags.size() > MAX_PER_RUN) {
      throw new InvalidConfigurationException(
          field, "a run holds at most " + MAX_PER_RUN + " tags, was given " + tags.size());
    }
    Map<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> t : tags.entrySet()) {
      requireName(field, t.getKey());
      requireValue(field + "." + t.getKey(), t.getValue());
      copy.put(t.getKey(), t.getValue());
    }
    return java.util.Collections.unmodifiableMap(copy);
  }
}
