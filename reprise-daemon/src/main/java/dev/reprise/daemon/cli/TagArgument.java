package dev.reprise.daemon.cli;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.Tags;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A {@code --tag NAME=VALUE} option, split at the first {@code =} and checked by the tag rules
 * ({@link Tags}): a bad one is a usage error naming the option.
 */
public final class TagArgument implements ITypeConverter<TagArgument.Tag> {

  /** One tag. */
  public record Tag(String name, String value) {}

  @Override
  public Tag convert(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      throw new TypeConversionException("must be NAME=VALUE, such as customer=c-1");
    }
    try {
      return new Tag(
          Tags.requireName("tag", text.substring(0, eq)),
          Tags.requireValue("tag", text.substring(eq + 1)));
    } catch (InvalidConfigurationException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The tags as {@code tag=NAME:VALUE} query parameters, after those of {@code before}. */
  static String query(List<Tag> tags, Map<String, String> before) {
    StringBuilder q = new StringBuilder();
    boolean first = before.values().stream().allMatch(v -> v == null);
    for (Tag t : tags) {
      q.append(first ? '?' : '&')
          .append("tag=")
          .append(URLEncoder.encode(t.name() + ":" + t.value(), StandardCharsets.UTF_8));
      first = false;
    }
    return q.toString();
  }
}
