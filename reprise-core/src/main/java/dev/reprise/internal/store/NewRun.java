package dev.reprise.internal.store;

/** A run to insert as {@code pending}. */
public record NewRun(String id, String workflow, String inputJson, String idempotencyKey, long createdAtMillis) {}
