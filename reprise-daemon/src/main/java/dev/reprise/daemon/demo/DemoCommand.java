package dev.reprise.daemon.demo;

import dev.reprise.daemon.CliJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code reprise demo}: crash-tests Reprise on this machine and prints what happened; with {@code
 * --json} the last line is one JSON object. Exits 1 unless every payment run completed, every
 * refused saga failed and was compensated exactly once, no completed step ran again and no effect
 * was duplicated.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Crash-tests Reprise: kills a worker with SIGKILL mid-run and checks nothing ran twice.",
      "",
      "Submits payment runs (5 steps each, every step writing to an external ledger) and order sagas"
          + " whose shipment is refused (reserve and charge, then refund and release), executes them"
          + " in a child JVM killed with SIGKILL at random moments and restarted, then checks that every"
          + " payment completed, every saga was compensated exactly once, no completed step ran again"
          + " and every effect happened exactly once."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "200",
      paramLabel = "N",
      description = "Runs to submit, payments and order sagas (default: ${DEFAULT-VALUE}).")
  private int runs;

  @Option(
      names = "--crashes",
      defaultValue = "3",
      paramLabel = "K",
      description = "Times to kill the worker (default: ${DEFAULT-VALUE}).")
  private int crashes;

  @Option(
      names = "--concurrency",
      defaultValue = "64",
      paramLabel = "C",
      description = "Runs the worker executes at once (default: ${DEFAULT-VALUE}).")
  private int concurrency;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Seed of the kill moments, the amounts and which runs are sagas (default: random,"
              + " printed).")
  private Long seed;

  @Option(
      names = "--timeout",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description = "Longest wait for any one phase (default: ${DEFAULT-VALUE}).")
  private int timeoutSeconds;

  @Option(names = "--json", description = "End the output with one line of JSON.")
  private boolean json;

  @Option(
      names = "--keep",
      description = "Keep the temporary directory (journal, ledger, worker log).")
  private boolean keep;

  @Option(
      names = "--saga-failures",
      defaultValue = "0.1",
      paramLabel = "P",
      description =
          "Share of the runs, 0.0 to 1.0, that are order sagas whose shipment is refused, so that"
              + " they fail and compensate (default: ${DEFAULT-VALUE}).")
  private double sagaFailures;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep the databases (reprise.db, ledger.db) and the worker log in DIR, created if"
              + " missing; it must be new or empty. Look at the runs afterwards with"
              + " 'reprise diag sagas --db DIR/reprise.db'.")
  private Path dataDir;

  @Override
  public Integer call() throws Exception {
    requireRange("--runs", runs, 1, 100_000);
    requireRange("--crashes", crashes, 0, 1_000);
    requireRange("--concurrency", concurrency, 1, 100_000);
    requireRange("--timeout", timeoutSeconds, 1, 86_400);
    if (!(sagaFailures >= 0.0 && sagaFailures <= 1.0)) {
      throw usage("--saga-failures", "must be between 0.0 and 1.0, was " + sagaFailures);
    }
    if (dataDir != null && !DemoFiles.isUsable(dataDir)) {
      throw usage(
          "--data-dir", dataDir + " exists and is not an empty directory; name a new or empty one");
    }
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
    var options =
        new DemoOptions(
            runs,
            crashes,
            concurrency,
            s,
            Duration.ofSeconds(timeoutSeconds),
            keep,
            sagaFailures,
            dataDir);
    PrintWriter out = spec.commandLine().getOut();
    DemoSummary summary = new CrashDemo(options, out).run();
    summary.printText(out);
    if (json) {
      out.println(CliJson.write(summary.fields()));
    }
    out.flush();
    return summary.passed() ? 0 : 1;
  }

  private void requireRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw usage(option, "must be between " + min + " and " + max + ", was " + value);
    }
  }

  private ParameterException usage(String option, String problem) {
    return new ParameterException(
        spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
  }
}
