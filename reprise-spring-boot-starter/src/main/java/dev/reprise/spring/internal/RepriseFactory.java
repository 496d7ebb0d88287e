package dev.reprise.spring.internal;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.Queue;
import dev.reprise.Reprise;
import dev.reprise.StoreUnavailableException;
import dev.reprise.Workflow;
import dev.reprise.spring.RepriseBuilderCustomizer;
import dev.reprise.spring.RepriseProperties;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * Builds the auto-configured {@link Reprise}: properties, then workflow beans, then customizers.
 */
public final class RepriseFactory {
  private RepriseFactory() {}

  /**
   * What the starter needs to build one.
   *
   * @param dataSource the application's DataSource, or null when it has none (or several, none
   *     primary)
   * @param shutdownTimeoutDefault the drain time when {@code reprise.shutdown-timeout} is not set
   */
  public record Inputs(
      RepriseProperties properties,
      DataSource dataSource,
      List<Workflow<?, ?>> workflows,
      List<RepriseBuilderCustomizer> customizers,
      Duration shutdownTimeoutDefault) {}

  /**
   * A built (not started) Reprise and the store it was given.
   *
   * @param store which store, for the health details
   */
  public record Built(Reprise reprise, StoreChoice store) {}

  public static Built build(Inputs in) {
    RepriseProperties p = in.properties();
    try {
      Reprise.Builder builder = Reprise.builder();
      StoreChoice store = StoreChoice.apply(builder, p, in.dataSource());
      builder
          .namespace(p.getNamespace())
          .env(p.getEnv())
          .concurrency(p.getConcurrency())
          .leaseTtl(p.getLeaseTtl())
          .pollInterval(p.getPollInterval())
          .shutdownTimeout(
              p.getShutdownTimeout() != null ? p.getShutdownTimeout() : in.shutdownTimeoutDefault())
          .maxRecoveries(p.getMaxRecoveries())
          .crashLoopLimit(p.getCrashLoopLimit())
          .globalRecovery(p.isGlobalRecovery())
          .workflows(in.workflows());
      if (p.getNodeId() != null) {
        builder.nodeId(p.getNodeId());
      }
      p.getQueues()
          .forEach(
              (name, limits) -> {
                try {
                  builder.queue(new Queue(name, limits.getGlobalLimit(), limits.getNodeLimit()));
                } catch (InvalidConfigurationException e) {
                  throw SettingNames.renameQueue(e, name);
                }
              });
      in.customizers().forEach(c -> c.customize(builder));
      try {
        return new Built(builder.build(), store);
      } catch (StoreUnavailableException e) {
        if (store.kind() != RepriseProperties.StoreKind.SQLITE) {
          throw e;
        }
        // the file of the property cannot be opened or made there: say which property
        var named =
            new InvalidConfigurationException(
                "reprise.sqlite.path",
                "cannot open " + store.description() + ": " + e.getMessage());
        named.initCause(e);
        throw named;
      }
    } catch (InvalidConfigurationException e) {
      throw SettingNames.rename(e);
    }
  }
}
