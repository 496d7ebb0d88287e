package dev.reprise.examples;

/** The output of {@link ExpenseApproval}: who approved the claim, and the payout's reference. */
public record ExpensePaid(String claimId, String approvedBy, String payout) {}
