package dev.reprise.examples;

import dev.reprise.RetryPolicy;
import dev.reprise.Workflow;
import dev.reprise.WorkflowProvider;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The workflows the daemon runs out of the box: {@code payment} ({@link PaymentWorkflow}), {@code
 * order} ({@link OrderSaga}) and {@code expense} ({@link ExpenseApproval}). The first two write
 * their effects to a stand-in ledger, {@code examples-ledger.db} in the data directory.
 */
public final class ExampleWorkflows implements WorkflowProvider {
  static final String LEDGER_FILE = "examples-ledger.db";

  @Override
  public List<Workflow<?, ?>> workflows(Context context) {
    Path ledgerFile = context.dataDir().resolve(LEDGER_FILE);
    Ledger ledger;
    try {
      ledger = Ledger.open(ledgerFile);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the examples' ledger " + ledgerFile, e);
    }
    JournalCheck unchecked = JournalCheck.none();
    return List.of(
        new PaymentWorkflow(ledger, unchecked, RetryPolicy.DEFAULT),
        new OrderSaga(ledger, unchecked, RetryPolicy.DEFAULT),
        new ExpenseApproval());
  }
}
