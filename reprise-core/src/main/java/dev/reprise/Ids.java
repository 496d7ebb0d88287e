package dev.reprise;

/**
 * What an id may hold. Ids travel in URL paths, file names, log lines and terminal output, so the
 * ones a caller makes up are checked where they enter, and a value that breaks the rule is refused
 * with an {@link InvalidConfigurationException} naming the field:
 *
 * <ul>
 *   <li><b>Names</b>: run ids given in {@link RunOptions}, signal names, approval gate names: 1 to
 *       {@value #MAX_NAME} characters of {@code A-Z a-z 0-9 . _ : @ + = -}, and not {@code .} or
 *       {@code ..}. Schedule names follow the same rule with at most {@value #MAX_SCHEDULE_NAME}
 *       characters, so that the ids of the runs they start ({@code schedule:NAME:EPOCH_MILLIS}) are
 *       names too. Generated run ids (time-ordered UUIDs), child run ids ({@code parentId:seq}) and
 *       retry keys ({@code retry:ID}) are made of these characters.
 *   <li><b>Keys</b>: idempotency keys (at most {@value #MAX_KEY} characters) and actors (at most
 *       {@value #MAX_ACTOR}), which often come from other systems or are people's names: any
 *       letters, digits, marks, punctuation, symbols and the space, but not at either end; no
 *       {@code /}, no control or format characters (NUL, line breaks, bidirectional overrides such
 *       as U+202E, zero-width characters), no other separators; and not {@code .} or {@code ..}.
 *   <li><b>References</b> to something that exists (the run id of {@link RepriseClient#cancel}, a
 *       schedule name to pause): any 1 to {@value #MAX_REFERENCE} characters, so that an id stored
 *       before these rules, which breaks them, can still be read, cancelled or deleted.
 * </ul>
 *
 * {@link #printable} writes any id for a terminal without letting it rewrite the line around it.
 */
public final class Ids {
  /** The longest name, run id or signal name. */
  public static final int MAX_NAME = 200;

  /** The longest schedule name. */
  public static final int MAX_SCHEDULE_NAME = 100;

  /** The longest idempotency key. */
  public static final int MAX_KEY = 500;

  /** The longest actor. */
  public static final int MAX_ACTOR = 200;

  /** The longest reference to an existing run or schedule. */
  public static final int MAX_REFERENCE = 1000;

  private static final String NAME_ALPHABET = "A-Z a-z 0-9 . _ : @ + = -";

  private Ids() {}

  /** Checks a name ({@value #MAX_NAME} characters at most); returns it. */
  public static String requireName(String field, String value) {
    return requireName(field, value, MAX_NAME);
  }

  /** Checks a schedule name; returns it. */
  public static String requireScheduleName(String field, String value) {
    return requireName(field, value, MAX_SCHEDULE_NAME);
  }

  private static String requireName(String field, String value, int max) {
    requireLength(field, value, max);
    for (int i = 0; i < value.length(); i++) {
      if (!isNameChar(value.charAt(i))) {
        throw refused(
            field, "must be 1 to " + max + " characters of " + NAME_ALPHABET + "; " + at(value, i));
      }
    }
    requireNotDots(field, value);
    return value;
  }

  /** Checks an idempotency key; returns it. */
  public static String requireKey(String field, String value) {
    return requireText(field, value, MAX_KEY);
  }

  /** Checks an actor; returns it. */
  public static String requireActor(String field, String value) {
    return requireText(field, value, MAX_ACTOR);
  }

  private static String requireText(String field, String value, int max) {
    requireLength(field, value, max);
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      if (!isTextCodePoint(cp) || cp == '/') {
        throw refused(
            field,
            "must be 1 to "
                + max
                + " printable characters, without '/', control, format or bidirectional"
                + " characters; "
                + at(value, i));
      }
      i += Character.charCount(cp);
    }
    if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
      throw refused(field, "must not start or end with a space");
    }
    requireNotDots(field, value);
    return value;
  }

  /**
   * Checks a reference to a run or schedule that may exist: any 1 to {@value #MAX_REFERENCE}
   * characters. Returns it.
   */
  public static String requireReference(String field, String value) {
    requireLength(field, value, MAX_REFERENCE);
    return value;
  }

  /**
   * The value as it may be written to a terminal or a log line: characters a key may not hold
   * (controls, format and bidirectional characters, line breaks) and the backslash are written as
   * {@code \}{@code uXXXX} escapes; null stays null.
   */
  public static String printable(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder b = null;
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      int n = Character.charCount(cp);
      boolean plain = cp != '\\' && isTextCodePoint(cp);
      if (!plain && b == null) {
        b = new StringBuilder(value.length() + 16).append(value, 0, i);
      }
      if (b != null) {
        if (plain) {
          b.appendCodePoint(cp);
        } else {
          for (int j = i; j < i + n; j++) {
            b.append(String.format("\\u%04X", (int) value.charAt(j)));
          }
        }
      }
      i += n;
    }
    return b == null ? value : b.toString();
  }

  /**
   * The inverse of {@link #printable}: each {@code \}{@code uXXXX} escape read back as its
   * character, so that an id copied from a terminal reaches the stored one. Anything else, and a
   * backslash not followed by {@code u} and four hex digits, is kept as is.
   */
  public static String fromPrintable(String value) {
    if (value == null || value.indexOf('\\') < 0) {
      return value;
    }
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && isEscape(value, i)) {
        b.append((char) Integer.parseInt(value.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean isEscape(String value, int at) {
    if (at + 6 > value.length() || value.charAt(at + 1) != 'u') {
      return false;
    }
    for (int j = at + 2; j < at + 6; j++) {
      if (Character.digit(value.charAt(j), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == ':'
        || c == '@'
        || c == '+'
        || c == '='
        || c == '-';
  }

  /** Letters, marks, digits, punctuation, symbols and the plain space. */
  static boolean isTextCodePoint(int cp) {
    if (cp == ' ') {
      return true;
    }
    if (isDefaultIgnorable(cp)) {
      return false; // drawn as nothing: "ali\u034Fce" would pass for "alice"
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /**
   * Unicode's default-ignorable code points that are not format characters (those are refused by
   * their type): combining grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian and
   * other variation selectors, and the like, which a terminal draws as nothing.
   */
  private static boolean isDefaultIgnorable(int cp) {
    return cp == 0x034F
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x17B4
        || cp == 0x17B5
        || (cp >= 0x180B && cp <= 0x180F)
        || cp == 0x3164
        || (cp >= 0xFE00 && cp <= 0xFE0F)
        || cp == 0xFFA0
        || (cp >= 0xFFF0 && cp <= 0xFFF8)
        || (cp >= 0x1BCA0 && cp <= 0x1BCA3)
        || (cp >= 0x1D173 && cp <= 0x1D17A)
        || (cp >= 0xE0000 && cp <= 0xE0FFF);
  }

  private static void requireLength(String field, String value, int max) {
    if (value == null || value.isEmpty()) {
      throw refused(field, "is required (1 to " + max + " characters)");
    }
    if (value.length() > max) {
      throw refused(
          field, "must be at most " + max + " characters, was " + value.length() + " long");
    }
  }

  private static void requireNotDots(String field, String value) {
    if (value.equals(".") || value.equals("..")) {
      throw refused(field, "must not be '" + value + "'");
    }
  }

  private static String at(String value, int index) {
    int cp = value.codePointAt(index);
    return "'"
        + printable(new String(Character.toChars(cp)))
        + "' (U+"
        + String.format("%04X", cp)
        + ") at index "
        + index
        + " is not allowed";
  }

  private static InvalidConfigurationException refused(String field, String problem) {
    return new InvalidConfigurationException(field, problem);
  }
}
