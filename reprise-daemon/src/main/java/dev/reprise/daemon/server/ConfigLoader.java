package dev.reprise.daemon.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.reprise.SqliteSynchronous;
import dev.reprise.daemon.server.DaemonConfig.LogFormat;
import dev.reprise.daemon.server.DaemonConfig.StoreKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the daemon's YAML config: every key has a default ({@link ConfigKey}), a file sets some,
 * environment variables ({@code REPRISE_HTTP_PORT} for {@code http.port}) override the file. An
 * unknown key, a value of the wrong type or out of range is an error naming the key; nothing is
 * half applied.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");
  private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  private ConfigLoader() {}

  /**
   * The config from {@code file} (null: defaults only) and the environment.
   *
   * @param dataDir relative paths in the config are resolved against it
   */
  public static DaemonConfig load(Path file, Path dataDir, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    ConfigKey.ALL.values().forEach(k -> values.put(k.name(), k.defaultValue()));
    Map<String, String> source = new LinkedHashMap<>();
    if (file != null) {
      read(file, values, source);
    }
    for (ConfigKey k : ConfigKey.ALL.values()) {
      String v = env.get(k.envName());
      if (v != null) {
        values.put(k.name(), v);
        source.put(k.name(), "environment variable " + k.envName());
      }
    }
    return new Parser(values, source, file, dataDir).parse();
  }

  private static void read(Path file, Map<String, String> values, Map<String, String> source) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(null, file + ": no such config file");
    } catch (IOException e) {
      throw new ConfigException(null, file + ": cannot read: " + e.getMessage());
    }
    JsonNode root;
    try {
      root = text.isBlank() ? null : YAML.readTree(text);
    } catch (JacksonException e) {
      Matcher duplicate = DUPLICATE.matcher(e.getOriginalMessage());
      if (duplicate.find()) {
        String key = sectionOf(e) + duplicate.group(1);
        throw new ConfigException(key, file + ": key '" + key + "' is given twice" + location(e));
      }
      throw new ConfigException(
          null, file + ": not valid YAML: " + e.getOriginalMessage() + location(e));
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigException(null, file + ": must be a mapping of keys to values");
    }
    flatten("", root, file, values, source);
  }

  private static String location(JacksonException e) {
    var loc = e.getLocation();
    return loc == null || loc.getLineNr() < 1
        ? ""
        : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
  }

  private static void flatten(
      String prefix,
      JsonNode node,
      Path file,
      Map<String, String> values,
      Map<String, String> src) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix + e.getKey();
      JsonNode value = e.getValue();
      if (value.isObject() && isSection(key)) {
        flatten(key + ".", value, file, values, src);
      } else if (!ConfigKey.ALL.containsKey(key)) {
        throw new ConfigException(
            key,
            file
                + ": unknown key '"
                + key
                + "'; known keys: "
                + String.join(", ", ConfigKey.ALL.keySet()));
      } else if (value.isContainerNode()) {
        throw new ConfigException(key, file + ": " + key + ": must be a single value");
      } else if (file.toString().equals(src.get(key))) {
        throw new ConfigException(
            key, file + ": key '" + key + "' is given twice (nested and dotted)");
      } else if (!value.isNull()) {
        values.put(key, value.asText());
        src.put(key, file.toString());
      }
    }
  }

  /** The dotted section a parse error happened in ({@code log.}), from the parser's contexts. */
  private static String sectionOf(JacksonException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return "";
    }
    java.util.Deque<String> names = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = parser.getParsingContext().getParent();
        c != null;
        c = c.getParent()) {
      if (c.getCurrentName() != null) {
        names.addFirst(c.getCurrentName());
      }
    }
    return names.isEmpty() ? "" : String.join(".", names) + ".";
  }

  private static boolean isSection(String key) {
    return ConfigKey.ALL.keySet().stream().anyMatch(k -> k.startsWith(key + "."));
  }

  /**
   * Whether a host is this machine's loopback: {@code localhost}, {@code 127.x}, {@code ::1}. A
   * name is resolved; a wildcard ({@code 0.0.0.0}, {@code ::}) or a name that does not resolve is
   * not loopback.
   */
  static boolean isLoopback(String host) {
    try {
      for (java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** A duration as the config writes it: {@code 500ms}, {@code 30s}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  private record Parser(
      Map<String, String> values, Map<String, String> source, Path file, Path dataDir) {

    DaemonConfig parse() {
      StoreKind store = choice("store", StoreKind.class);
      String postgresUrl = values.get("postgres.url").strip();
      if (store == StoreKind.POSTGRES && postgresUrl.isEmpty()) {
        throw fail("postgres.url", "must be set when store is postgres");
      }
      if (!postgresUrl.isEmpty() && !postgresUrl.startsWith("jdbc:postgresql:")) {
        throw fail("postgres.url", "must start with jdbc:postgresql:");
      }
      String namespace = text("namespace");
      if (namespace.length() > 100) {
        throw fail("namespace", "must be at most 100 characters");
      }
      String level = values.get("log.level").strip().toLowerCase(Locale.ROOT);
      if (!LEVELS.contains(level)) {
        throw fail(
            "log.level", "must be one of error, warn, info, debug, trace, was '" + level + "'");
      }
      String nodeId = values.get("node_id").strip();
      String env = values.get("env").strip();
      if (env.length() > 100 || env.contains("/")) {
        throw fail("env", "must be at most 100 characters, without '/'");
      }
      String host = text("http.host");
      boolean allowRemote = bool("http.allow_remote");
      String keystore = values.get("http.tls.keystore").strip();
      if (!isLoopback(host)) {
        if (!allowRemote) {
          throw fail(
              "http.allow_remote",
              "http.host is "
                  + host
                  + ", not a loopback address: listening beyond this machine needs"
                  + " http.allow_remote: true, and TLS (http.tls.keystore)");
        }
        if (keystore.isEmpty()) {
          throw fail(
              "http.tls.keystore",
              "must name a PKCS12 keystore when http.host ("
                  + host
                  + ") is not a loopback address: tokens and runs must not cross the network in"
                  + " clear");
        }
      }
      int maxBody = integer("http.max_body_bytes", 1024, 64 * 1024 * 1024);
      int bodiesInFlight = integer("http.max_body_bytes_in_flight", 1024, Integer.MAX_VALUE);
      if (bodiesInFlight < maxBody) {
        throw fail(
            "http.max_body_bytes_in_flight",
            "must be at least http.max_body_bytes ("
                + maxBody
                + "), or no body of the largest size could be read, was "
                + bodiesInFlight);
      }
      return new DaemonConfig(
          file,
          host,
          integer("http.port", 0, 65_535),
          maxBody,
          new HttpLimits(
              duration("http.read_timeout", Duration.ofSeconds(1), Duration.ofHours(1)),
              integer("http.max_requests_in_flight", 1, 100_000),
              bodiesInFlight),
          allowRemote,
          keystore.isEmpty() ? null : path("http.tls.keystore"),
          values.get("http.tls.keystore_password"),
          store,
          path("sqlite.path"),
          choice("sqlite.synchronous", SqliteSynchronous.class),
          postgresUrl.isEmpty() ? null : postgresUrl,
          namespace,
          env,
          nodeId.isEmpty() ? null : nodeId,
          duration("lease_ttl", Duration.ofMillis(300), Duration.ofHours(1)),
          integer("engine.concurrency", 1, 100_000),
          duration("engine.poll_interval", Duration.ofMillis(10), Duration.ofMinutes(10)),
          duration("graceful_timeout", Duration.ZERO, Duration.ofHours(1)),
          integer("crash_loop_limit", 0, 1000),
          duration("tick_interval", Duration.ofMillis(10), Duration.ofHours(1)),
          duration("sweep_interval", Duration.ofSeconds(1), Duration.ofDays(1)),
          bool("workflows.examples"),
          path("workflows.dir"),
          level,
          choice("log.format", LogFormat.class));
    }

    private ConfigException fail(String key, String problem) {
      String where = source.getOrDefault(key, "default");
      return new ConfigException(key, where + ": " + key + ": " + problem);
    }

    private String text(String key) {
      String v = values.get(key).strip();
      if (v.isEmpty()) {
        throw fail(key, "must not be empty");
      }
      return v;
    }

    private int integer(String key, int min, int max) {
      String v = values.get(key).strip();
      int n;
      try {
        n = Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw fail(key, "must be a whole number, was '" + v + "'");
      }
      if (n < min || n > max) {
        throw fail(key, "must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    }

    private boolean bool(String key) {
      String v = values.get(key).strip().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "true" -> true;
        case "false" -> false;
        default -> throw fail(key, "must be true or false, was '" + v + "'");
      };
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type) {
      String v = values.get(key).strip();
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(v)) {
          return e;
        }
      }
      StringBuilder names = new StringBuilder();
      for (E e : type.getEnumConstants()) {
        names.append(names.isEmpty() ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
      }
      throw fail(key, "must be one of " + names + ", was '" + v + "'");
    }

    private Path path(String key) {
      String v = text(key);
      try {
        return dataDir.resolve(v).toAbsolutePath().normalize();
      } catch (java.nio.file.InvalidPathException e) {
        throw fail(key, "not a valid path: " + e.getMessage());
      }
    }

    private Duration duration(String key, Duration min, Duration max) {
      String v = values.get(key).strip();
      Duration d;
      Matcher m = DURATION.matcher(v);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
      } else {
        try {
          d = Duration.parse(v);
        } catch (DateTimeParseException e) {
          throw fail(
              key, "must be a duration such as 500ms, 30s, 5m, 1h or PT30S, was '" + v + "'");
        }
      }
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw fail(key, "must be between " + format(min) + " and " + format(max) + ", was " + v);
      }
      return d;
    }
  }
}
