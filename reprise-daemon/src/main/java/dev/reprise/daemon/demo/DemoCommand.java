package dev.reprise.daemon.demo;

import java.io.PrintWriter;
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
 * --json} the last line is one JSON object. Exits 1 unless every run completed, no completed step
 * ran again and no effect was duplicated.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Crash-tests Reprise: kills a worker with SIGKILL mid-run and checks nothing ran twice.",
      "",
      "Submits payment runs (5 steps each, every step writing to an external ledger), executes them"
          + " in a child JVM killed with SIGKILL at random moments and restarted, then checks that every"
          + " run completed, no completed step ran again and every effect happened exactly once."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "200",
      paramLabel = "N",
      description = "Payment runs to submit (default: ${DEFAULT-VALUE}).")
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
      description = "Seed of the kill moments and amounts (default: random, printed).")
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

  @Override
  public Integer call() throws Exception {
    requireRange("--runs", runs, 1, 100_000);
    requireRange("--crashes", crashes, 0, 1_000);
    requireRange("--concurrency", concurrency, 1, 100_000);
    requireRange("--timeout", timeoutSeconds, 1, 86_400);
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
    var options =
        new DemoOptions(runs, crashes, concurrency, s, Duration.ofSeconds(timeoutSeconds), keep);
    PrintWriter out = spec.commandLine().getOut();
    DemoSummary summary = new CrashDemo(options, out).run();
    summary.printText(out);
    if (json) {
      out.println(DemoJson.write(summary.fields()));
    }
    out.flush();
    return summary.passed() ? 0 : 1;
  }

  private void requireRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '"
              + option
              + "': must be between "
              + min
              + " and "
              + max
              + ", was "
              + value);
    }
  }
}
