package dev.reprise.daemon.ops;

import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.daemon.CliJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code reprise diag sagas}: recent runs with their failure reasons, whether they were
 * compensated, what the waiting ones wait for (a run stopped by a replay mismatch or quarantined
 * after a crash loop says so, with the ways on), and the journal entries that did not complete.
 * Opens the database read-only: it never migrates or writes it, and reads a consistent view while
 * another process writes.
 *
 * <pre>{@code
 * reprise diag sagas --db data/reprise.db --status failed_compensation --json
 * reprise diag sagas --postgres 'jdbc:postgresql://db/app?user=ops&currentSchema=reprise'
 * }</pre>
 */
@Command(
    name = "sagas",
    mixinStandardHelpOptions = true,
    description = {
      "Shows recent runs, why they failed and what is left unfinished.",
      "",
      "Shows recent runs: status, failure reason, compensation, what a waiting run waits for (for"
          + " one stopped by a replay mismatch or a crash loop: why, and the commands that take it"
          + " on), and their pending, executing and failed steps. Opens the database read-only;"
          + " works while another process writes it."
    })
public final class DiagSagasCommand implements Callable<Integer> {
  private static final int MAX_LIMIT = 10_000;

  @Spec private CommandSpec spec;

  @Mixin private StoreOptions store;

  @Option(
      names = "--limit",
      defaultValue = "20",
      paramLabel = "N",
      description = "Most runs to show, 1 to 10000 (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Option(
      names = "--status",
      paramLabel = "S",
      split = ",",
      converter = StatusConverter.class,
      description =
          "Only runs in this status, newest first; several separated by commas. One of: "
              + "pending, running, waiting, compensating, completed, failed, cancelled,"
              + " failed_compensation.")
  private List<RunStatus> statuses;

  @Option(
      names = "--json",
      description =
          "Print one JSON array: each run with id, workflow, status, failure_reason, compensated,"
              + " error_type, error_message, times, waiting_for (as the HTTP API shows it) and all"
              + " its steps.")
  private boolean json;

  @Override
  public Integer call() {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--limit': must be between 1 and "
              + MAX_LIMIT
              + ", was "
              + limit);
    }
    StoreOptions.Target target = store.target();
    List<RunView> runs;
    try (RepriseClient client = target.openReadOnly()) {
      runs = statuses == null || statuses.isEmpty() ? recent(client) : inStatus(client);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(CliJson.write(runs));
    } else {
      out.println(heading(runs.size(), target.describe()));
      RunText.print(out, runs, store.actingOptions());
    }
    out.flush();
    return 0;
  }

  private List<RunView> recent(RepriseClient client) {
    return client.recent(limit).stream().map(r -> RunView.of(r, r.steps())).toList();
  }

  private List<RunView> inStatus(RepriseClient client) {
    RunFilter filter =
        RunFilter.all().withStatus(statuses.toArray(RunStatus[]::new)).withLimit(limit);
    List<RunView> views = new ArrayList<>();
    for (RunInfo run : client.runs(filter)) {
      List<StepInfo> steps;
      try {
        steps = client.steps(run.id());
      } catch (RunNotFoundException vacuumed) {
        continue;
      }
      views.add(RunView.of(run, steps));
    }
    return views;
  }

  private String heading(int count, String db) {
    String which =
        statuses == null || statuses.isEmpty()
            ? "most recent first"
            : "in status "
                + String.join(", ", statuses.stream().map(RunStatus::label).toList())
                + ", newest first";
    if (count == 0) {
      return "no runs in " + db + (statuses == null || statuses.isEmpty() ? "" : " " + which);
    }
    return count + (count == 1 ? " run" : " runs") + " in " + db + ", " + which;
  }
}
