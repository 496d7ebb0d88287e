package dev.reprise;

/**
 * What the reconcile sweep did: parents found still waiting for a child that had ended were made
 * due ({@code replayed}); parents whose children are still going were left ({@code skipped}).
 */
public record ReconcileReport(int replayed, int skipped) {}
