package dev.reprise.daemon.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reprise daemon}: runs the daemon in the foreground until TERM or INT.
 *
 * <pre>{@code
 * reprise daemon                          # ./.reprise, http://127.0.0.1:7420
 * reprise daemon --data-dir /var/lib/reprise --config /etc/reprise.yaml --json
 * }</pre>
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Reprise daemon: workflows, HTTP API, one per data directory.",
      "",
      "Runs the bundled example workflows and those in DATA_DIR/workflows/*.jar on embedded SQLite"
          + " (DATA_DIR/reprise.db), serves the HTTP API on 127.0.0.1:7420, and logs JSON lines to"
          + " stdout (text on a terminal). TERM/INT drain and stop, HUP reloads the config, USR1"
          + " logs a status snapshot."
    })
public final class DaemonCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = "./.reprise",
      paramLabel = "DIR",
      description =
          "The data directory: database, lock, token, workflows (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A YAML config file (default: DATA_DIR/config.yaml if it exists); see"
              + " docs/configuration.md.")
  private Path config;

  @Option(
      names = "--json",
      description =
          "Log JSON lines even on a terminal; a failure (exit 1) ends them with one JSON object"
              + " {\"error\", \"message\"}.")
  private boolean json;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter jsonErrors = json ? spec.commandLine().getOut() : null;
    return new Daemon(new DataDir(dataDir), config, json, spec.commandLine().getErr(), jsonErrors)
        .run();
  }
}
