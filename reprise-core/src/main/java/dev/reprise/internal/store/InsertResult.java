package dev.reprise.internal.store;

/** The id of the run a submit stands for, and whether this submit created it. */
public record InsertResult(String runId, boolean created) {}
