package dev.reprise.internal.store;

import java.util.Map;

/**
 * Boot recovery's decisions, applied in one transaction: the runs to quarantine (id to reason);
 * every other {@code running} run gets its {@code executing} steps reset to {@code pending} and
 * goes back to {@code pending}, except that a run interrupted inside an at-most-once step fails.
 */
public record Recovery(Map<String, String> quarantine, long nowMillis) {}
