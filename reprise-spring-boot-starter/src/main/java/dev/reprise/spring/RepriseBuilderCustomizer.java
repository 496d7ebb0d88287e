package dev.reprise.spring;

import dev.reprise.Reprise;

/**
 * Adjusts the auto-configured {@link Reprise.Builder} after the {@code reprise.*} properties and
 * the {@code Workflow} beans were applied, for what has no property: a recovery resolver, a clock,
 * workflows that are not beans, another store. Every bean of this type is called, in
 * {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * RepriseBuilderCustomizer recoveryPolicies() {
 *   return builder -> builder.recoveryResolver(new MyResolver());
 * }
 * }</pre>
 *
 * <p>To build Reprise entirely yourself, define a {@code Reprise} bean instead: the starter then
 * builds none, and still starts and drains yours with the context (do not call {@code start()}).
 */
@FunctionalInterface
public interface RepriseBuilderCustomizer {
  void customize(Reprise.Builder builder);
}
