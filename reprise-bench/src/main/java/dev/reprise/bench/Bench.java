package dev.reprise.bench;

import dev.reprise.SqliteSynchronous;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The benchmark launcher: {@code java -jar reprise-bench.jar [suite] [options]}. Every figure is
 * measured in this one process, beside the reference it is compared to.
 */
@Command(
    name = "reprise-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures Reprise beside the physical reference of this machine, in one run.",
      "Suite 'steps': raw SQLite single-row commits/s, and durable no-op steps/s of short sequential runs,"
          + " of long sequential runs and of concurrent runs; each on a fresh database file (WAL), taking turns."
    })
public final class Bench implements Callable<Integer> {
  private static final double DEFAULT_SECONDS = 3;
  private static final double SMOKE_SECONDS = 0.2;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "steps",
      completionCandidates = Suites.class,
      description = "Suite to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private String suite;

  @Option(
      names = "--dir",
      defaultValue = "target/bench-data",
      description =
          "Directory for the database files, on the disk to measure (default: ${DEFAULT-VALUE}).")
  private Path dir;

  @Option(
      names = "--synchronous",
      defaultValue = "FULL",
      description =
          "SQLite synchronous setting for the reference and Reprise: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  private SqliteSynchronous synchronous;

  @Option(
      names = "--seconds",
      description = "Time each workload gets in each repetition (default: 3; 0.2 with --smoke).")
  private Double seconds;

  @Option(
      names = "--slice-millis",
      defaultValue = "250",
      description =
          "Workloads take turns for this long each, so that a disk whose speed drifts slows all of them"
              + " alike (default: ${DEFAULT-VALUE}).")
  private long sliceMillis;

  @Option(
      names = "--warmups",
      description = "Warm-up repetitions, left out of the figures (default: 1; 0 with --smoke).")
  private Integer warmups;

  @Option(
      names = "--repetitions",
      description = "Measured repetitions; the median is reported (default: 3; 1 with --smoke).")
  private Integer repetitions;

  @Option(
      names = "--concurrent-runs",
      defaultValue = "64",
      description = "Runs in flight in the concurrent workload (default: ${DEFAULT-VALUE}).")
  private int concurrentRuns;

  @Option(
      names = "--steps-per-run",
      defaultValue = "10",
      description = "No-op steps per run, sequential and concurrent (default: ${DEFAULT-VALUE}).")
  private int stepsPerRun;

  @Option(
      names = "--long-run-steps",
      defaultValue = "500",
      description = "No-op steps per run in the long-runs workload (default: ${DEFAULT-VALUE}).")
  private int longRunSteps;

  @Option(
      names = "--workloads",
      split = ",",
      paramLabel = "NAME",
      description =
          "Workloads to run, comma-separated, of: raw, sequential, long-runs, concurrent (default: all)."
              + " Ratios need raw.")
  private List<String> workloads = StepsSuite.WORKLOADS;

  @Option(
      names = "--json",
      description =
          "Print one JSON object per measurement on stdout (the human report goes to stderr).")
  private boolean json;

  @Option(
      names = "--smoke",
      description = "Tiny sizes that finish in seconds, to check that the suite works (CI).")
  private boolean smoke;

  @Option(names = "--keep-files", description = "Keep each repetition's database files.")
  private boolean keepFiles;

  private final PrintStream out;
  private final PrintStream err;

  Bench(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the launcher with these streams and returns its exit code. */
  static int run(PrintStream out, PrintStream err, String... args) {
    return new CommandLine(new Bench(out, err))
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Override
  public Integer call() throws Exception {
    if (!Suites.STEPS.equals(suite)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown suite '" + suite + "'; known: " + Suites.STEPS);
    }
    PrintStream log = json ? err : out;
    StepsSuite steps;
    try {
      Settings settings = settings();
      Report machine =
          json ? new Report(out, StepsSuite.NAME, settings.synchronous().name()) : null;
      steps = new StepsSuite(settings, new LinkedHashSet<>(workloads), log, machine);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    steps.run();
    return 0;
  }

  private Settings settings() {
    double secs = seconds != null ? seconds : smoke ? SMOKE_SECONDS : DEFAULT_SECONDS;
    if (!(secs > 0) || secs > 3600) {
      throw new IllegalArgumentException("--seconds must be above 0 and at most 3600, was " + secs);
    }
    return new Settings(
        dir,
        synchronous,
        Duration.ofNanos(Math.round(secs * 1e9)),
        Duration.ofMillis(sliceMillis),
        warmups != null ? warmups : smoke ? 0 : 1,
        repetitions != null ? repetitions : smoke ? 1 : 3,
        concurrentRuns,
        stepsPerRun,
        longRunSteps,
        keepFiles);
  }

  /** The suites this launcher knows. */
  static final class Suites implements Iterable<String> {
    static final String STEPS = "steps";

    @Override
    public Iterator<String> iterator() {
      return List.of(STEPS).iterator();
    }
  }
}
