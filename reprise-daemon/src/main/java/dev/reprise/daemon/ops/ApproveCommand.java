package dev.reprise.daemon.ops;

import dev.reprise.Approval;
import picocli.CommandLine.Command;

/** {@code reprise approve RUN_ID GATE --actor A --reason R}. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = "Approves a run's approval gate (ctx.awaitApproval).")
public final class ApproveCommand extends DecisionCommand {
  @Override
  Approval.Decision decision() {
    return Approval.Decision.APPROVED;
  }
}
