package dev.reprise.daemon.ops;

import dev.reprise.Approval;
import picocli.CommandLine.Command;

/** {@code reprise reject RUN_ID GATE --actor A --reason R}. */
@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description = "Rejects a run's approval gate (ctx.awaitApproval).")
public final class RejectCommand extends DecisionCommand {
  @Override
  Approval.Decision decision() {
    return Approval.Decision.REJECTED;
  }
}
