package dev.reprise.daemon;

import dev.reprise.daemon.cli.CancelCommand;
import dev.reprise.daemon.cli.ExportCommand;
import dev.reprise.daemon.cli.ForkCommand;
import dev.reprise.daemon.cli.LimitsCommand;
import dev.reprise.daemon.cli.PublishedCommand;
import dev.reprise.daemon.cli.ResolveCommand;
import dev.reprise.daemon.cli.ResumeCommand;
import dev.reprise.daemon.cli.RetentionCommand;
import dev.reprise.daemon.cli.RetryCommand;
import dev.reprise.daemon.cli.RunsCommand;
import dev.reprise.daemon.cli.SchedulesCommand;
import dev.reprise.daemon.cli.ShowCommand;
import dev.reprise.daemon.cli.SignalCommand;
import dev.reprise.daemon.cli.StatusCommand;
import dev.reprise.daemon.cli.SubmitCommand;
import dev.reprise.daemon.demo.DemoCommand;
import dev.reprise.daemon.ops.ApproveCommand;
import dev.reprise.daemon.ops.BackupCommand;
import dev.reprise.daemon.ops.CheckReplayCommand;
import dev.reprise.daemon.ops.DiagCommand;
import dev.reprise.daemon.ops.RejectCommand;
import dev.reprise.daemon.ops.VacuumCommand;
import dev.reprise.daemon.server.DaemonCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code reprise} command. Exit codes: 0 success, 1 failure, 2 usage error. Every error is one
 * line on stderr naming the problem.
 *
 * <pre>{@code
 * reprise daemon --data-dir /var/lib/reprise
 * reprise submit expense --input '{"claimId":"c-1","employee":"e-17","amountCents":4200}'
 * reprise status --json
 * reprise export RUN_ID > run.jsonl
 * reprise demo --runs 200 --crashes 3 --json
 * reprise diag sagas --db data/reprise.db --status failed_compensation
 * reprise vacuum --db data/reprise.db --older-than 30d
 * reprise approve --db data/reprise.db RUN_ID finance --actor ops-1 --reason "within budget"
 * reprise cancel RUN_ID --db data/reprise.db --reason "its step ends the process"
 * reprise fork RUN_ID --from-seq 3 --reason "the card was replaced"
 * }</pre>
 */
@Command(
    name = "reprise",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Durable execution for Java.",
    subcommands = {
      DaemonCommand.class,
      SubmitCommand.class,
      RunsCommand.class,
      ShowCommand.class,
      SignalCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      ResumeCommand.class,
      ForkCommand.class,
      ResolveCommand.class,
      SchedulesCommand.class,
      PublishedCommand.class,
      RetentionCommand.class,
      LimitsCommand.class,
      StatusCommand.class,
      ExportCommand.class,
      DiagCommand.class,
      VacuumCommand.class,
      BackupCommand.class,
      CheckReplayCommand.class,
      DemoCommand.class,
      HelpCommand.class
    })
public final class Main implements Callable<Integer> {
  @Spec private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The {@code reprise} command line with its error handling, ready to {@code execute}. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setParameterExceptionHandler(new UsageErrors())
        .setExecutionExceptionHandler(new Failures());
  }

  @Override
  public Integer call() {
    String names = String.join(", ", spec.subcommands().keySet());
    throw new ParameterException(spec.commandLine(), "missing command, one of: " + names);
  }
}
