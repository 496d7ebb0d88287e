package dev.reprise.examples;

/** A manager rejected an expense claim, or nobody decided in time: the run fails. */
public final class ExpenseRejected extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExpenseRejected(String claimId, String why) {
    super("expense claim " + claimId + " " + why);
  }
}
