package dev.reprise.daemon.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * A matched request: path parameters, query parameters and the body, read strictly. Every accessor
 * that finds a missing or wrong value throws an {@link ApiError} naming the field.
 */
final class ApiRequest {
  static final ObjectMapper STRICT = strictMapper();

  private final Map<String, String> path;
  private final Map<String, String> query;
  private final byte[] body;
  private ObjectNode json;

  ApiRequest(Map<String, String> path, Map<String, String> query, byte[] body) {
    this.path = path;
    this.query = query;
    this.body = body;
  }

  private static ObjectMapper strictMapper() {
    ObjectMapper m = new ObjectMapper();
    m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // a run's input is stored as sent: a decimal is never rounded to a double on its way
    m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    m.configure(
        com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());
    return m;
  }

  String path(String name) {
    return path.get(name);
  }

  /** Query parameters other than these are refused, naming the first. */
  void allowQuery(Set<String> names) {
    for (String k : query.keySet()) {
      if (!names.contains(k)) {
        throw ApiError.badField(k, "unknown query parameter; allowed: " + String.join(", ", names));
      }
    }
  }

  String query(String name) {
    return query.get(name);
  }

  /** The body as a JSON object with only these fields; an empty body is an empty object. */
  ObjectNode object(Set<String> allowed) {
    if (json == null) {
      if (body.length == 0) {
        json = STRICT.createObjectNode();
      } else {
        JsonNode node;
        try {
          node = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
          // Jackson names its own class where a limit comes from: ", from `StreamRead...()`"
          String why = e.getOriginalMessage().replaceAll(",? from `[^`]*`", "");
          throw ApiError.badRequest("the body is not valid JSON: " + why);
        } catch (java.io.IOException | RuntimeException e) {
          throw ApiError.badRequest("the body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
          node = STRICT.createObjectNode();
        }
        if (!(node instanceof ObjectNode o)) {
          throw ApiError.badRequest("the body must be a JSON object");
        }
        json = o;
      }
    }
    for (var it = json.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiError.badField(f, "unknown field; allowed: " + String.join(", ", allowed));
      }
    }
    return json;
  }

  /** A string field; null when absent (or JSON null) and not required. */
  static String text(ObjectNode o, String field, boolean required, int maxLength) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiError.badField(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw ApiError.badField(field, "must be a string");
    }
    String s = v.textValue();
    if (s.isBlank()) {
      throw ApiError.badField(field, "must not be blank");
    }
    if (s.length() > maxLength) {
      throw ApiError.badField(field, "must be at most " + maxLength + " characters");
    }
    return s;
  }

  /** Any JSON value as text, JSON null when absent. */
  static String anyJson(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    return v == null ? "null" : v.toString();
  }
}
