package dev.reprise.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;
import java.util.stream.Collectors;

/**
 * JSON for inputs, outputs and journal entries. Inputs are read strictly, by one rule at submit and
 * again when the run executes: an unknown field, a value of another JSON type (a string for a
 * number, a number for a boolean or a string), a fraction for an integer, a number beyond its type,
 * or a key given twice is an error naming the field. Journal entries (outputs recorded by Reprise
 * itself) are read leniently, so that a field removed from a record does not break the replay of
 * old runs.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /**
   * Inputs: a value of another JSON type is not converted (no string for a number, no number for a
   * boolean, a string or an enum), no fraction for an integer, no number beyond its type, no key
   * twice.
   */
  private static final ObjectReader STRICT = strictMapper().reader();

  private static final ObjectReader LENIENT =
      MAPPER
          .reader()
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  /** Trees for comparing and checking: one value only, decimals exactly as written. */
  private static final ObjectReader TREE =
      MAPPER
          .reader()
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Json() {}

  private static ObjectMapper strictMapper() {
    ObjectMapper strict =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(StrictNumbers.module())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    strict
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    strict
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return strict;
  }

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

  /**
   * Whether two JSON texts hold the same value: key order, spacing and the way a number is written
   * aside ({@code 1}, {@code 1.0} and {@code 1e0} are one number).
   */
  public static boolean sameValue(String a, String b) {
    if (a == null || b == null) {
      return a == b;
    }
    try {
      return TREE.readTree(a).equals(Json::compareNodes, TREE.readTree(b));
    } catch (JsonProcessingException e) {
      return a.equals(b);
    }
  }

  private static int compareNodes(JsonNode x, JsonNode y) {
    if (x.isNumber() && y.isNumber()) {
      return x.decimalValue().compareTo(y.decimalValue());
    }
    return x.equals(y) ? 0 : 1;
  }

  /** Whether the text is well-formed JSON. */
  public static boolean isWellFormed(String json) {
    if (json == null) {
      return false;
    }
    try {
      TREE.readTree(json);
      return true;
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  /** A message naming the field at fault, e.g. {@code field 'items[0].qty': ...}. */
  public static String describe(JsonProcessingException e) {
    String detail = JsonProblem.of(e);
    String missing = JsonProblem.missingProperty(e);
    if (missing != null) {
      String at = e instanceof JsonMappingException m ? path(m) : "";
      return "field '" + (at.isEmpty() ? "" : at + ".") + missing + "': " + detail;
    }
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

  private static String path(JsonMappingException m) {
    return m.getPath().stream()
        .map(
            ref ->
                ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }
}
