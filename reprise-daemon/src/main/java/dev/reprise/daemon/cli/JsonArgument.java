package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads an option's value as JSON, so that malformed input is a usage error naming the option. */
final class JsonArgument implements ITypeConverter<JsonNode> {
  /** Decimals read exactly, as the daemon stores them: never rounded to a double. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(
              com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES,
              false);

  @Override
  public JsonNode convert(String value) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node == null || node.isMissingNode()) {
        throw new TypeConversionException("empty JSON");
      }
      return node;
    } catch (IOException e) {
      throw new TypeConversionException(
          "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }
}
