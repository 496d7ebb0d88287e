package dev.reprise.internal.store;

/**
 * What recovery reads of an interrupted run to decide whether it can be resumed: its scope (the
 * namespace column) and how often it was recovered before.
 */
public record RunHead(String id, String scope, String workflow, String inputJson, int recoveries) {}
