package dev.reprise.daemon.server;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One setting of the daemon's config file: its dotted name, its default as written in the file, and
 * whether a reload (SIGHUP) applies it or it needs a restart. {@code docs/configuration.md}
 * documents each; a test checks that it does.
 */
record ConfigKey(String name, String defaultValue, boolean reloadable) {

  /** Every key, in the order of the documentation. */
  static final Map<String, ConfigKey> ALL = all();

  /** The environment variable that overrides it: {@code http.port} is {@code REPRISE_HTTP_PORT}. */
  String envName() {
    return "REPRISE_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  private static Map<String, ConfigKey> all() {
    Map<String, ConfigKey> keys = new LinkedHashMap<>();
    for (ConfigKey k :
        new ConfigKey[] {
          new ConfigKey("http.host", "127.0.0.1", false),
          new ConfigKey("http.port", "7420", false),
          new ConfigKey("http.max_body_bytes", "1048576", false),
          new ConfigKey("http.read_timeout", "30s", false),
          new ConfigKey("http.max_requests_in_flight", "256", false),
          new ConfigKey("http.max_body_bytes_in_flight", "8388608", false),
          new ConfigKey("http.allow_remote", "false", false),
          new ConfigKey("http.tls.keystore", "", false),
          new ConfigKey("http.tls.keystore_password", "", false),
          new ConfigKey("store", "sqlite", false),
          new ConfigKey("sqlite.path", "reprise.db", false),
          new ConfigKey("sqlite.synchronous", "full", false),
          new ConfigKey("postgres.url", "", false),
          new ConfigKey("namespace", "default", false),
          new ConfigKey("env", "", false),
          new ConfigKey("node_id", "", false),
          new ConfigKey("lease_ttl", "10s", false),
          new ConfigKey("engine.concurrency", "256", false),
          new ConfigKey("engine.poll_interval", "500ms", false),
          new ConfigKey("graceful_timeout", "30s", false),
          new ConfigKey("crash_loop_limit", "3", false),
          new ConfigKey("tick_interval", "1s", true),
          new ConfigKey("sweep_interval", "60s", true),
          new ConfigKey("workflows.examples", "true", false),
          new ConfigKey("workflows.dir", "workflows", false),
          new ConfigKey("log.level", "info", true),
          new ConfigKey("log.format", "auto", true),
        }) {
      keys.put(k.name(), k);
    }
    return Collections.unmodifiableMap(keys);
  }
}
