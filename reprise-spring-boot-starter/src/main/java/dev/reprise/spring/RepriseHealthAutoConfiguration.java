package dev.reprise.spring;

import dev.reprise.Reprise;
import dev.reprise.spring.internal.RepriseFactory;
import dev.reprise.spring.internal.RepriseHealthIndicator;
import dev.reprise.spring.internal.RepriseLifecycle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code reprise} Actuator health indicator, when Actuator is on the class path and {@code
 * management.health.reprise.enabled} is not {@code false}: UP with the node id, the store and the
 * number of runs in each status while the store answers and Reprise executes runs; DOWN otherwise.
 */
@AutoConfiguration(after = RepriseAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean({Reprise.class, RepriseLifecycle.class})
@ConditionalOnEnabledHealthIndicator("reprise")
public class RepriseHealthAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "repriseHealthIndicator")
  public HealthIndicator repriseHealthIndicator(
      Reprise reprise, RepriseLifecycle lifecycle, ObjectProvider<RepriseFactory.Built> built) {
    RepriseFactory.Built mine = built.getIfAvailable();
    return new RepriseHealthIndicator(reprise, mine == null ? null : mine.store(), lifecycle);
  }
}
