package dev.reprise.daemon.ops;

import dev.reprise.Approval;
import dev.reprise.Ids;
import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.daemon.CliJson;
import dev.reprise.daemon.cli.DaemonApi;
import dev.reprise.daemon.cli.IdArguments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Approves or rejects a run's approval gate through the daemon's API, or with {@code --db} straight
 * in the store: the decision is kept as a signal until the run awaits it, and wakes it if it waits
 * already.
 */
abstract class DecisionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--db",
      paramLabel = "PATH",
      description =
          "Write to this Reprise SQLite database directly (it must exist) instead of asking the"
              + " daemon.")
  Path db;

  @Option(
      names = "--data-dir",
      defaultValue = "./.reprise",
      paramLabel = "DIR",
      description = "Without --db: the daemon's data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Parameters(
      index = "0",
      paramLabel = "RUN_ID",
      converter = IdArguments.Reference.class,
      description = "The waiting run.")
  String runId;

  @Parameters(
      index = "1",
      paramLabel = "GATE",
      converter = IdArguments.Name.class,
      description = "The approval gate's name.")
  String gate;

  @Option(
      names = "--actor",
      required = true,
      converter = IdArguments.Actor.class,
      description = "Who decides (recorded in the run's audit).")
  String actor;

  @Option(names = "--reason", required = true, description = "Why.")
  String reason;

  @Option(names = "--json", description = "Print one JSON object: run_id, gate, decision, actor.")
  boolean json;

  abstract Approval.Decision decision();

  /** The decision as the client API records it. */
  record Decided(String runId, String gate, String decision, String actor, String reason) {}

  @Override
  public Integer call() {
    if (actor.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--actor must not be blank");
    }
    if (reason.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--reason must not be blank");
    }
    if (db == null) {
      DaemonApi.decide(
          dataDir, runId, gate, decision() == Approval.Decision.APPROVED, actor, reason);
    } else {
      DatabaseFile.requireExisting(db);
      try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
        if (decision() == Approval.Decision.APPROVED) {
          client.approve(runId, gate, actor, reason);
        } else {
          client.reject(runId, gate, actor, reason);
        }
      }
    }
    String label = decision().name().toLowerCase(Locale.ROOT);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliJson.write(new Decided(runId, gate, label, actor, reason)));
    } else {
      out.println(
          label
              + " gate '"
              + gate
              + "' of run "
              + Ids.printable(runId)
              + " as "
              + Ids.printable(actor));
    }
    out.flush();
    return 0;
  }
}
