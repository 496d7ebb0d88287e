package dev.reprise.spring.internal;

import dev.reprise.InvalidConfigurationException;
import java.util.Map;

/**
 * Renames a {@link dev.reprise.Reprise.Builder} field in a validation error to the {@code
 * reprise.*} property it came from, so that a bad value stops the application with the name the
 * user wrote. Reprise's own checks stay the only ones: the starter does not repeat them.
 */
final class SettingNames {
  private static final Map<String, String> PROPERTIES =
      Map.ofEntries(
          Map.entry("store", "reprise.store"),
          Map.entry("postgres", "reprise.store"),
          Map.entry("namespace", "reprise.namespace"),
          Map.entry("env", "reprise.env"),
          Map.entry("nodeId", "reprise.node-id"),
          Map.entry("concurrency", "reprise.concurrency"),
          Map.entry("leaseTtl", "reprise.lease-ttl"),
          Map.entry("pollInterval", "reprise.poll-interval"),
          Map.entry("shutdownTimeout", "reprise.shutdown-timeout"),
          Map.entry("maxRecoveries", "reprise.max-recoveries"),
          Map.entry("crashLoopLimit", "reprise.crash-loop-limit"),
          Map.entry("synchronous", "reprise.sqlite.synchronous"),
          Map.entry("busyTimeout", "reprise.sqlite.busy-timeout"));

  private SettingNames() {}

  /** The same error under the property's name; unchanged when no property maps to its field. */
  static InvalidConfigurationException rename(InvalidConfigurationException e) {
    String property = PROPERTIES.get(e.field());
    return property == null ? e : renamed(e, property);
  }

  /** The error of one queue's limits, under {@code reprise.queues.NAME.*}. */
  static InvalidConfigurationException renameQueue(InvalidConfigurationException e, String queue) {
    String prefix = "reprise.queues." + queue;
    return switch (e.field()) {
      case "globalLimit" -> renamed(e, prefix + ".global-limit");
      case "nodeLimit" -> renamed(e, prefix + ".node-limit");
      default -> renamed(e, prefix);
    };
  }

  private static InvalidConfigurationException renamed(
      InvalidConfigurationException e, String property) {
    String problem = e.getMessage().substring(e.field().length() + 2);
    var renamed = new InvalidConfigurationException(property, problem);
    renamed.initCause(e);
    return renamed;
  }
}
