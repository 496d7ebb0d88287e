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
          + " of long sequential runs and of concurrent runs; each on a fresh database file (WAL), taking turns.",
      "Suite 'waiting': runs parked at once (sleeping, awaiting a signal): threads, heap and RSS at two"
          + " sizes, parking and signal-to-completion times; and the lateness of durable timers on an idle engine."
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
      description =
          "steps: time each workload gets in each repetition (default: 3; 0.2 with --smoke).")
  private Double seconds;

  @Option(
      names = "--slice-millis",
      defaultValue = "250",
      description =
          "steps: workloads take turns for this long each, so that a disk whose speed drifts slows all of them"
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
      description = "steps: runs in flight in the concurrent workload (default: ${DEFAULT-VALUE}).")
  private int concurrentRuns;

  @Option(
      names = "--steps-per-run",
      defaultValue = "10",
      description =
          "steps: no-op steps per run, sequential and concurrent (default: ${DEFAULT-VALUE}).")
  private int stepsPerRun;

  @Option(
      names = "--long-run-steps",
      defaultValue = "500",
      description =
          "steps: no-op steps per run in the long-runs workload (default: ${DEFAULT-VALUE}).")
  private int longRunSteps;

  @Option(
      names = "--workloads",
      split = ",",
      paramLabel = "NAME",
      description =
          "steps: workloads to run, comma-separated, of: raw, sequential, long-runs, concurrent (default: all)."
              + " Ratios need raw.")
  private List<String> workloads = StepsSuite.WORKLOADS;

  @Option(
      names = "--waiting-runs",
      description =
          "waiting: runs parked at once; a tenth of it is measured too, to compare (default: 10000;"
              + " 200 with --smoke).")
  private Integer waitingRuns;

  @Option(
      names = "--timer-runs",
      description = "waiting: timed sleeps per repetition (default: 200; 5 with --smoke).")
  private Integer timerRuns;

  @Option(
      names = "--timer-spacing-millis",
      description =
          "waiting: time between two timed-sleep submits (default: 100; 20 with --smoke).")
  private Long timerSpacingMillis;

  @Option(
      names = "--timer-min-millis",
      description = "waiting: shortest timed sleep, above 100 (default: 200; 120 with --smoke).")
  private Long timerMinMillis;

  @Option(
      names = "--timer-max-millis",
      description = "waiting: longest timed sleep (default: 2000; 250 with --smoke).")
  private Long timerMaxMillis;

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
    PrintStream log = json ? err : out;
    Report machine = json ? new Report(out, suite, synchronous.name()) : null;
    Suite chosen;
    try {
      chosen =
          switch (suite) {
            case Suites.STEPS ->
                new StepsSuite(settings(), new LinkedHashSet<>(workloads), log, machine)::run;
            case Suites.WAITING -> new WaitingSuite(waitingSettings(), log, machine)::run;
            default ->
                throw new IllegalArgumentException(
                    "unknown suite '" + suite + "'; known: " + String.join(", ", new Suites()));
          };
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    chosen.run();
    return 0;
  }

  /** A suite, configured and ready to run. */
  private interface Suite {
    void run() throws Exception;
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

  private WaitingSettings waitingSettings() {
    return new WaitingSettings(
        dir,
        synchronous,
        warmups != null ? warmups : smoke ? 0 : 1,
        repetitions != null ? repetitions : smoke ? 1 : 3,
        orDefault(waitingRuns, 10_000, 200),
        new TimerLateness.Timers(
            orDefault(timerRuns, 200, 5),
            Duration.ofMillis(orDefault(timerSpacingMillis, 100L, 20L)),
            Duration.ofMillis(orDefault(timerMinMillis, 200L, 120L)),
            Duration.ofMillis(orDefault(timerMaxMillis, 2000L, 250L))),
        keepFiles);
  }

  private <T> T orDefault(T given, T normal, T withSmoke) {
    return given != null ? given : smoke ? withSmoke : normal;
  }

  /** The suites this launcher knows. */
  static final class Suites implements Iterable<String> {
    static final String STEPS = "steps";
    static final String WAITING = "waiting";

    @Override
    public Iterator<String> iterator() {
      return List.of(STEPS, WAITING).iterator();
    }
  }
}
