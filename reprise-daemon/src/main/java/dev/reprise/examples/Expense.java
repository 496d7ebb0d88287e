package dev.reprise.examples;

/**
 * The input of {@link ExpenseApproval}: an expense claim waiting for a manager.
 *
 * @param claimId the claim's id
 * @param employee who is paid back
 * @param amountCents the amount, in cents, at least 1
 */
public record Expense(String claimId, String employee, long amountCents) {

  public Expense {
    if (claimId == null || claimId.isBlank()) {
      throw new IllegalArgumentException("claimId must not be blank");
    }
    if (employee == null || employee.isBlank()) {
      throw new IllegalArgumentException("employee must not be blank");
    }
    if (amountCents < 1) {
      throw new IllegalArgumentException("amountCents must be at least 1, was " + amountCents);
    }
  }
}
