/**
 * The starter's implementation. Unsupported for users: anything under {@code
 * dev.reprise.spring.internal} may change or vanish in any release. Configure Reprise with the
 * {@code reprise.*} properties, a {@link dev.reprise.spring.RepriseBuilderCustomizer} or a {@code
 * Reprise} bean of your own.
 */
package dev.reprise.spring.internal;
