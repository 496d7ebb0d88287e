package dev.reprise.daemon.ops;

import dev.reprise.Ids;
import dev.reprise.ReplayProblem;
import dev.reprise.RepriseClient;
import dev.reprise.daemon.CliJson;
import dev.reprise.daemon.CommandFailure;
import dev.reprise.daemon.server.ConfigException;
import dev.reprise.daemon.server.WorkflowCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reprise check-replay}: replays the runs in flight against the workflows the daemon would
 * load now (its class path and the jars of its workflows directory), read-only, and names each run
 * the code would stop with a replay mismatch. For a deploy pipeline: put the new jars in place (or
 * in another directory, {@code --workflows-dir}) and run it against the store or a copy.
 */
@Command(
    name = "check-replay",
    mixinStandardHelpOptions = true,
    description = {
      "Checks that the workflows at hand replay every run in flight.",
      "",
      "Replays the journal of each run not ended (and of each failed_compensation run) against the"
          + " workflows the daemon would load, running no step and writing nothing. Exit 0 when"
          + " every run replays; 1 naming each run the code would stop, with the step and both"
          + " names."
    })
public final class CheckReplayCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOptions store;

  @Option(
      names = "--workflows-dir",
      paramLabel = "DIR",
      description = "Load the workflow jars from DIR instead of the config's workflows.dir.")
  private java.nio.file.Path workflowsDir;

  @Option(
      names = "--json",
      description =
          "Print one JSON object: runs_checked, problems (on a mismatch, then the error object"
              + " that ends every failure's output).")
  private boolean json;

  @Override
  public Integer call() throws java.io.IOException {
    StoreOptions.Target target = store.target();
    var config = store.daemonConfig();
    if (workflowsDir != null) {
      config = config.withWorkflowsDir(workflowsDir.toAbsolutePath());
    }
    List<dev.reprise.Workflow<?, ?>> workflows;
    // providers get a scratch directory for files of their own: no body runs here, and the
    // daemon's (a ledger it holds open, say) stay untouched
    java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("reprise-check-replay-");
    int checked;
    List<ReplayProblem> problems;
    try {
      workflows = WorkflowCatalog.load(config, scratch).workflows();
      try (RepriseClient client = target.openReadOnly(workflows)) {
        checked = client.unresolved().size(); // and the failed runs that may be resumed
        problems = client.checkReplay();
      }
    } catch (ConfigException e) {
      throw new CommandFailure("invalid_config", e.getMessage(), e);
    } finally {
      deleteQuietly(scratch);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliJson.write(java.util.Map.of("runs_checked", checked, "problems", problems)));
      out.flush();
    } else {
      for (ReplayProblem p : problems) {
        out.println(
            Ids.printable(p.runId())
                + " ("
                + p.workflow()
                + "): "
                + (p.seq() > 0 ? "at seq " + p.seq() + ": " : "")
                + Ids.printable(p.problem()));
      }
      out.println(
          checked
              + (checked == 1 ? " run" : " runs")
              + " checked against "
              + workflows.size()
              + " workflows: "
              + (problems.isEmpty() ? "all replay" : problems.size() + " would stop"));
      out.flush();
    }
    if (!problems.isEmpty()) {
      throw new CommandFailure(
          "replay_mismatch",
          problems.size()
              + (problems.size() == 1 ? " run" : " runs")
              + " would stop with a replay mismatch under these workflows (listed above)");
    }
    return 0;
  }

  private static void deleteQuietly(java.nio.file.Path dir) {
    try (var files = java.nio.file.Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException e) {
      // a scratch directory in the temp dir: the system cleans it
    }
  }
}
