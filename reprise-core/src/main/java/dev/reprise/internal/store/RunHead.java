package dev.reprise.internal.store;

/** What recovery reads of an interrupted run to decide whether it can be resumed. */
public record RunHead(String id, String workflow, String inputJson) {}
