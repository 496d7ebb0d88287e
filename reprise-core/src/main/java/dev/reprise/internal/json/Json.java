package dev.reprise.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;
import java.util.stream.Collectors;

/**
 * JSON for inputs, outputs and journal entries. Inputs are read strictly, by one rule at submit and
 * again when the run executes: an unknown field, a fraction for an integer, or a number beyond its
 * type is an error naming the field. Journal entries (outputs recorded by Reprise itself) are read
 * leniently, so that a field removed from a record does not break the replay of old runs.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private static final ObjectReader STRICT =
      MAPPER
          .reader()
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
  private static final ObjectReader LENIENT =
      MAPPER
          .reader()
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static JavaType type(Type type) {
    return MAPPER.getTypeFactory().constructType(type);
  }

  public static String write(Object value) throws JsonProcessingException {
    return MAPPER.writeValueAsString(value);
  }

  /** A JSON array of names. */
  public static String writeNames(java.util.Collection<String> names) {
    try {
      return MAPPER.writeValueAsString(names);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T readStrict(String json, JavaType type) throws JsonProcessingException {
    return STRICT.forType(type).readValue(json);
  }

  public static <T> T readLenient(String json, JavaType type) throws JsonProcessingException {
    return LENIENT.forType(type).readValue(json);
  }

  /** Whether two JSON texts hold the same value (key order and spacing aside). */
  public static boolean sameValue(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    try {
      return MAPPER.readTree(a).equals(MAPPER.readTree(b));
    } catch (JsonProcessingException e) {
      return a.equals(b);
    }
  }

  /** Whether the text is well-formed JSON. */
  public static boolean isWellFormed(String json) {
    if (json == null) {
      return false;
    }
    try {
      MAPPER.readTree(json);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** A message naming the field at fault, e.g. {@code field 'items[0].qty': ...}. */
  public static String describe(JsonProcessingException e) {
    String detail = e.getOriginalMessage();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      String path =
          m.getPath().stream()
              .map(
                  ref ->
                      ref.getFieldName() != null
                          ? "." + ref.getFieldName()
                          : "[" + ref.getIndex() + "]")
              .collect(Collectors.joining())
              .replaceFirst("^\\.", "");
      return "field '" + path + "': " + detail;
    }
    return detail;
  }
}
