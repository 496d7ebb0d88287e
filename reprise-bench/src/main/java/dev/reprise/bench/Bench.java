package dev.reprise.bench;

import dev.reprise.SqliteSynchronous;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
      "Measures Reprise beside the physical reference of this machine and beside its peers, in one run.",
      "Suites: embedded (SQLite steps/s, FULL and NORMAL, beside raw commits), postgres (the same on"
          + " PostgreSQL), peers (DBOS, db-scheduler, JobRunr), recovery (kill -9 of a worker JVM),"
          + " failover (3 nodes on PostgreSQL), memory (waiting runs: heap, threads, RSS; timers),"
          + " keys (claims with concurrency keys), all."
    })
public final class Bench implements Callable<Integer> {
  private static final double DEFAULT_SECONDS = 3;
  private static final double SMOKE_SECONDS = 0.2;

  @Spec private CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = "embedded",
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
      split = ",",
      description =
          "SQLite synchronous settings, for the references and Reprise alike: embedded runs each"
              + " (default: FULL,NORMAL); memory, recovery and peers use the first (default: FULL).")
  private List<SqliteSynchronous> synchronous;

  @Option(
      names = "--pg-url",
      defaultValue = Pg.DEFAULT_SERVER,
      description =
          "PostgreSQL server, as a JDBC URL without a database; the bench uses its own database "
              + Pg.DATABASE
              + " and fresh schemas (default: ${DEFAULT-VALUE}).")
  private String pgUrl;

  @Option(
      names = "--charts",
      description = "Write the charts (PNG) into this directory, e.g. docs/img.")
  private Path charts;

  @Option(
      names = "--charts-from",
      split = ",",
      paramLabel = "FILE",
      description =
          "Measure nothing: chart the figures of these saved --json outputs into --charts.")
  private List<Path> chartsFrom;

  @Option(
      names = "--seconds",
      description =
          "embedded: time each workload gets in each repetition (default: 3; 0.2 with --smoke).")
  private Double seconds;

  @Option(
      names = "--slice-millis",
      defaultValue = "250",
      description =
          "embedded: workloads take turns for this long each, so that a disk whose speed drifts slows all of them"
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
      names = "--concurrency",
      split = ",",
      description = "embedded, postgres: runs in flight, one workload each (default: 1,16,64,256).")
  private List<Integer> concurrency;

  @Option(
      names = "--batch-rows",
      defaultValue = "1000",
      description =
          "embedded: rows per transaction of the batched reference (default: ${DEFAULT-VALUE}).")
  private int batchRows;

  @Option(
      names = "--workflows",
      description = "peers (a): workflows of three steps (default: 10000; 100 with --smoke).")
  private Integer peerWorkflows;

  @Option(
      names = "--tasks",
      description = "peers (b), (c): single-step tasks (default: 20000; 200 with --smoke).")
  private Integer peerTasks;

  @Option(
      names = "--peer-workloads",
      split = ",",
      description = "peers: the workloads to run, of a, b, c (default: all).")
  private Set<String> peerWorkloads = new LinkedHashSet<>(List.of("a", "b", "c"));

  @Option(
      names = "--threads",
      defaultValue = "64",
      description =
          "peers: worker threads of every system, and the concurrency of (a) (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--submitters",
      defaultValue = "16",
      description = "peers (b), (c): threads submitting the tasks (default: ${DEFAULT-VALUE}).")
  private int submitters;

  @Option(
      names = "--pool",
      defaultValue = "20",
      description = "peers: connections in each peer's pool (default: ${DEFAULT-VALUE}).")
  private int pool;

  @Option(
      names = "--recovery-runs",
      description = "recovery: runs interrupted mid-step (default: 10000; 200 with --smoke).")
  private Integer recoveryRuns;

  @Option(
      names = "--failover-runs",
      description =
          "failover: runs held by the node that is killed (default: 1000; 50 with --smoke).")
  private Integer failoverRuns;

  @Option(
      names = "--steps-per-run",
      defaultValue = "10",
      description =
          "embedded: no-op steps per run, sequential and concurrent (default: ${DEFAULT-VALUE}).")
  private int stepsPerRun;

  @Option(
      names = "--long-run-steps",
      defaultValue = "500",
      description =
          "embedded: no-op steps per run in the long-runs workload (default: ${DEFAULT-VALUE}).")
  private int longRunSteps;

  @Option(
      names = "--workloads",
      split = ",",
      paramLabel = "NAME",
      description =
          "embedded, postgres: workloads to run, comma-separated, of: raw, batched, concurrent, long-runs"
              + " (default: all). Ratios need raw.")
  private List<String> workloads = StepsSuite.WORKLOADS;

  @Option(
      names = "--waiting-runs",
      description =
          "memory: runs parked at once; a tenth of it is measured too, to compare (default: 100000;"
              + " 200 with --smoke).")
  private Integer waitingRuns;

  @Option(
      names = "--timer-runs",
      description = "memory: timed sleeps per repetition (default: 200; 5 with --smoke).")
  private Integer timerRuns;

  @Option(
      names = "--timer-spacing-millis",
      description = "memory: time between two timed-sleep submits (default: 100; 20 with --smoke).")
  private Long timerSpacingMillis;

  @Option(
      names = "--timer-min-millis",
      description = "memory: shortest timed sleep, above 100 (default: 200; 120 with --smoke).")
  private Long timerMinMillis;

  @Option(
      names = "--timer-max-millis",
      description = "memory: longest timed sleep (default: 2000; 250 with --smoke).")
  private Long timerMaxMillis;

  @Option(
      names = "--key-runs",
      description =
          "keys: runs per measurement, and distinct keys (default: 10000; 100 with --smoke).")
  private Integer keyRuns;

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
    if (chartsFrom != null) {
      if (charts == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--charts-from needs --charts DIR");
      }
      for (Path png : Charts.write(charts, Charts.read(chartsFrom))) {
        log.println("chart: " + png);
      }
      return 0;
    }
    Results results = new Results(json ? out : null);
    List<String> chosen;
    try {
      chosen =
          suite.equals(Suites.ALL)
              ? Suites.ALL_ORDER
              : List.of(Suites.EACH.contains(suite) ? suite : unknown(suite));
      settings();
      waitingSettings();
      if (peerWorkloads.isEmpty() || !List.of("a", "b", "c").containsAll(peerWorkloads)) {
        throw new IllegalArgumentException(
            "--peer-workloads must be some of a, b, c; was " + peerWorkloads);
      }
      if (workloads.isEmpty() || !StepsSuite.WORKLOADS.containsAll(workloads)) {
        throw new IllegalArgumentException(
            "workloads must be some of "
                + String.join(", ", StepsSuite.WORKLOADS)
                + "; was "
                + workloads);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Databases databases = new Databases(dir, keepFiles);
    Environment env = Environment.describe(databases.dir());
    log.println(env.summary());
    if (env.inMemoryFileSystem()) {
      log.println(
          "WARNING: "
              + databases.dir()
              + " is in memory ("
              + env.fileStoreType()
              + "): fsync is free there, the figures say nothing about durability on a disk");
    }
    Pg pg = new Pg(pgUrl);
    String pgUnavailable = pg.unreachableReason();
    if (pgUnavailable == null) {
      pg.ensureDatabase();
      log.println(
          "PostgreSQL "
              + pg.version()
              + " at "
              + pg.url()
              + ": fsync="
              + pg.setting("fsync")
              + ", synchronous_commit="
              + pg.setting("synchronous_commit"));
    } else {
      log.println(pgUnavailable);
    }
    for (String name : chosen) {
      switch (name) {
        case Suites.EMBEDDED -> {
          StepsSuite steps =
              new StepsSuite(settings(), new LinkedHashSet<>(workloads), databases, log, results);
          for (SqliteSynchronous sync : settings().synchronous()) {
            steps.run(
                new StepsSuite.Store(
                    Suites.EMBEDDED,
                    sync.name(),
                    "SQLite WAL synchronous=" + sync,
                    List.of(RawCommits.single(sync), RawCommits.batched(sync, batchRows)),
                    EngineFactory.sqlite(sync),
                    null,
                    sync == SqliteSynchronous.FULL));
          }
        }
        case Suites.POSTGRES -> {
          if (pgUnavailable != null) {
            results.pending(
                Suites.POSTGRES, "postgresql", "raw-commits", "commits/s", pgUnavailable);
            for (int c : settings().concurrency()) {
              results.pending(
                  Suites.POSTGRES,
                  "reprise",
                  "concurrent-" + c + "-runs-of-" + stepsPerRun,
                  "steps/s",
                  pgUnavailable);
            }
          } else {
            try {
              new StepsSuite(settings(), new LinkedHashSet<>(workloads), databases, log, results)
                  .run(
                      new StepsSuite.Store(
                          Suites.POSTGRES,
                          null,
                          "PostgreSQL " + pg.version(),
                          List.of(new PgRawCommits(pg)),
                          EngineFactory.postgres(pg),
                          null,
                          false));
            } finally {
              pg.dropSchemas(Pg.schemaFor(Path.of(databases.prefix())));
            }
          }
        }
        case Suites.PEERS ->
            new PeersSuite(
                    new PeersSuite.PeerSettings(
                        databases.dir(),
                        orDefault(peerWorkflows, 10_000, 100),
                        orDefault(peerTasks, 20_000, 200),
                        threads,
                        submitters,
                        pool,
                        warmups(),
                        repetitions(),
                        peerWorkloads,
                        keepFiles),
                    pg,
                    pgUnavailable,
                    databases,
                    log,
                    results)
                .run();
        case Suites.RECOVERY -> {
          RecoverySuite recovery =
              new RecoverySuite(
                  databases,
                  orDefault(recoveryRuns, 10_000, 200),
                  warmups(),
                  repetitions(),
                  log,
                  results);
          recovery.run(RecoverySuite.sqlite(databases, firstSynchronous()));
          if (pgUnavailable != null) {
            results.pending(Suites.RECOVERY, "reprise", "postgres", "s", pgUnavailable);
          } else {
            recovery.run(RecoverySuite.postgres(pg));
          }
        }
        case Suites.FAILOVER -> {
          if (pgUnavailable != null) {
            FailoverSuite.pending(orDefault(failoverRuns, 1_000, 50), pgUnavailable, results);
          } else {
            new FailoverSuite(
                    pg,
                    databases,
                    orDefault(failoverRuns, 1_000, 50),
                    warmups(),
                    repetitions(),
                    log,
                    results)
                .run();
          }
        }
        case Suites.MEMORY -> new WaitingSuite(waitingSettings(), log, results).run();
        case Suites.KEYS -> {
          KeysSuite keys =
              new KeysSuite(
                  orDefault(keyRuns, 10_000, 100), warmups(), repetitions(), log, results);
          keys.run(KeysSuite.sqlite(databases, firstSynchronous()));
          if (pgUnavailable != null) {
            results.pending(Suites.KEYS, "reprise", "postgres", "runs/s", pgUnavailable);
          } else {
            keys.run(KeysSuite.postgres(pg));
          }
        }
        default -> throw new IllegalStateException(name);
      }
    }
    if (charts != null) {
      for (Path png : Charts.write(charts, results)) {
        log.println("chart: " + png);
      }
    }
    return 0;
  }

  private static String unknown(String suite) {
    throw new IllegalArgumentException(
        "unknown suite '" + suite + "'; known: " + String.join(", ", new Suites()));
  }

  private SqliteSynchronous firstSynchronous() {
    return synchronous == null || synchronous.isEmpty()
        ? SqliteSynchronous.FULL
        : synchronous.getFirst();
  }

  private int warmups() {
    return warmups != null ? warmups : smoke ? 0 : 1;
  }

  private int repetitions() {
    return repetitions != null ? repetitions : smoke ? 1 : 3;
  }

  private Settings settings() {
    double secs = seconds != null ? seconds : smoke ? SMOKE_SECONDS : DEFAULT_SECONDS;
    if (!(secs > 0) || secs > 3600) {
      throw new IllegalArgumentException("--seconds must be above 0 and at most 3600, was " + secs);
    }
    return new Settings(
        dir,
        synchronous != null
            ? synchronous
            : List.of(SqliteSynchronous.FULL, SqliteSynchronous.NORMAL),
        Duration.ofNanos(Math.round(secs * 1e9)),
        Duration.ofMillis(sliceMillis),
        warmups(),
        repetitions(),
        concurrency != null ? concurrency : List.of(1, 16, 64, 256),
        stepsPerRun,
        longRunSteps,
        batchRows,
        keepFiles);
  }

  private WaitingSettings waitingSettings() {
    return new WaitingSettings(
        dir,
        firstSynchronous(),
        warmups(),
        repetitions(),
        orDefault(waitingRuns, 100_000, 200),
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
    static final String EMBEDDED = "embedded";
    static final String POSTGRES = "postgres";
    static final String PEERS = "peers";
    static final String RECOVERY = "recovery";
    static final String FAILOVER = "failover";
    static final String MEMORY = "memory";
    static final String KEYS = "keys";
    static final String ALL = "all";
    static final List<String> EACH =
        List.of(EMBEDDED, POSTGRES, PEERS, RECOVERY, FAILOVER, MEMORY, KEYS);

    /**
     * The order {@code all} runs them in: {@code memory} first, because it counts the process's
     * threads and heap, and the peers leave threads of their own behind.
     */
    static final List<String> ALL_ORDER =
        List.of(MEMORY, EMBEDDED, POSTGRES, PEERS, RECOVERY, FAILOVER, KEYS);

    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>(EACH);
      names.add(ALL);
      return names.iterator();
    }
  }
}
