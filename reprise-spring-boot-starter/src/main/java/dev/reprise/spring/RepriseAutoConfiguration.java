package dev.reprise.spring;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.Workflow;
import dev.reprise.spring.internal.LazyRepriseClient;
import dev.reprise.spring.internal.RepriseFactory;
import dev.reprise.spring.internal.RepriseLifecycle;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Builds a {@link Reprise} from the {@code reprise.*} properties ({@link RepriseProperties}), the
 * application's PostgreSQL DataSource or an SQLite file, and every {@link Workflow} bean; starts it
 * once the context is refreshed and drains it when the context stops (see {@code
 * reprise.shutdown-timeout}).
 *
 * <p>Define a {@link RepriseBuilderCustomizer} bean to adjust the builder, or a {@code Reprise}
 * bean of your own to replace it (it is still started and drained with the context). {@code
 * reprise.enabled=false} turns all of it off.
 *
 * <p>Micrometer metrics are not wired yet: they come with Reprise's observability work.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnProperty(prefix = "reprise", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RepriseProperties.class)
public class RepriseAutoConfiguration {
  /** Spring's own default for {@code spring.lifecycle.timeout-per-shutdown-phase}. */
  private static final Duration SPRING_SHUTDOWN_PHASE_DEFAULT = Duration.ofSeconds(30);

  /** The built Reprise and the store chosen for it; the health indicator reads the latter. */
  @Bean
  @ConditionalOnMissingBean(Reprise.class)
  RepriseFactory.Built repriseBuilt(
      RepriseProperties properties,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<Workflow<?, ?>> workflows,
      ObjectProvider<RepriseBuilderCustomizer> customizers,
      Environment environment) {
    Duration springPhase =
        Binder.get(environment)
            .bind("spring.lifecycle.timeout-per-shutdown-phase", Duration.class)
            .orElse(SPRING_SHUTDOWN_PHASE_DEFAULT);
    return RepriseFactory.build(
        new RepriseFactory.Inputs(
            properties,
            dataSource.getIfUnique(),
            workflows.orderedStream().toList(),
            customizers.orderedStream().toList(),
            springPhase));
  }

  /** The runtime and client; closed with the context (closing twice does nothing more). */
  @Bean
  @ConditionalOnMissingBean
  public Reprise reprise(RepriseFactory.Built built) {
    return built.reprise();
  }

  /**
   * The client to inject where runs are submitted, signalled or read: the Reprise bean, found at
   * the first call. A service that submits runs may so be used by a workflow's steps too, which
   * injecting {@code Reprise} itself would make a circular reference (Reprise is built with every
   * workflow bean and what they inject).
   */
  @Bean
  @Primary
  @ConditionalOnMissingBean(name = "repriseClient")
  public RepriseClient repriseClient(ObjectProvider<Reprise> reprise) {
    return LazyRepriseClient.of(reprise::getObject);
  }

  /** Starts Reprise after the context is refreshed, and drains it when the context stops. */
  @Bean
  @ConditionalOnMissingBean
  public RepriseLifecycle repriseLifecycle(Reprise reprise) {
    return new RepriseLifecycle(reprise);
  }
}
