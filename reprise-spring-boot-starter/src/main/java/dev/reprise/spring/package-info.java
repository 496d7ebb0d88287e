/**
 * Reprise for Spring Boot 3: {@link dev.reprise.spring.RepriseAutoConfiguration} builds a {@link
 * dev.reprise.Reprise} from the {@code reprise.*} properties ({@link
 * dev.reprise.spring.RepriseProperties}) and every {@link dev.reprise.Workflow} bean, starts it
 * once the context is refreshed and drains it when the context stops; {@link
 * dev.reprise.spring.RepriseHealthAutoConfiguration} adds a {@code reprise} health indicator when
 * Actuator is present.
 */
package dev.reprise.spring;
