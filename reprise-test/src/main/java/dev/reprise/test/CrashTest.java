package dev.reprise.test;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunInfo;
import dev.reprise.Wait;
import dev.reprise.WorkflowProvider;
import dev.reprise.test.internal.BodyLedger;
import dev.reprise.test.internal.CrashProcess;
import dev.reprise.test.internal.CrashSpec;
import dev.reprise.test.internal.Journals;
import dev.reprise.test.internal.Script;
import dev.reprise.test.internal.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Crash at every step: runs a workflow once without a crash, then once per state of its journal
 * {@code k = 1, 2, ..., K}: a child JVM runs it and is killed with SIGKILL right after the commit
 * that makes the journal's {@code k}th distinct state (the runs' statuses and waits, the entries'
 * statuses and attempts, the signals waiting; nothing later is written: the commit hook holds the
 * store's writer until the kill), and another child JVM takes the run up again on the same SQLite
 * file. After each, it checks what users rely on:
 *
 * <ul>
 *   <li>the run ends as the run without a crash did (its status, output, error type and whether it
 *       was compensated; {@link #outcome} changes what is compared), except that a run killed
 *       inside an at-most-once step must fail instead;
 *   <li>no step body or compensation whose completion was journaled before the kill ran again;
 *   <li>a run that unwound undid each completed step that has a compensation exactly once.
 * </ul>
 *
 * <p>Group commit may write the changes of two states in one commit in some tries: a state no try
 * of three reaches is listed in {@link CrashReport#unreached()}. The user's code runs only in the
 * child JVMs, so a step that exits the process or hangs fails the test with a message, never the
 * test's JVM. Every attempt's clock starts at the same instant, so {@code ctx.now()} reads the same
 * times in each; {@code ctx.randomUUID()} does not repeat across attempts, and a workflow that
 * returns one needs {@link #outcome}.
 *
 * <p>The workflows come from a {@link WorkflowProvider} with a public no-argument constructor (each
 * child JVM makes its own), which gets a data directory of its own per attempt, kept across the
 * kill, for the doubles of what the steps call. Waits are answered by the script ({@link #signal},
 * {@link #approve}, {@link #reject}), and time skips to the next due time when every run waits, so
 * a week-long sleep costs nothing.
 *
 * <pre>{@code
 * CrashTest.of(MyWorkflows.class, "payment", "{\"orderId\":\"o-1\",\"cents\":4200}")
 *     .run()
 *     .assertHeld();
 * }</pre>
 */
public final class CrashTest {
  private static final String RUN_ID = "crash-test-run";

  /**
   * How often a state is tried before it counts as not reached: group commit may write two states'
   * changes at once in one try and not in the next.
   */
  private static final int TRIES = 3;

  private final Class<? extends WorkflowProvider> provider;
  private final String workflow;
  private final String inputJson;
  private final Map<String, Object> signals = new HashMap<>();
  private final Map<String, Script.Decision> gates = new HashMap<>();
  private Function<RunInfo, ?> outcome = CrashTest::defaultOutcome;
  private Duration timeout = Duration.ofSeconds(60);
  private long maxStates = 1000;
  private Path workDir;

  private CrashTest(Class<? extends WorkflowProvider> provider, String workflow, String inputJson) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.workflow = Objects.requireNonNull(workflow, "workflow");
    this.inputJson = Objects.requireNonNull(inputJson, "inputJson");
  }

  /**
   * A crash test of {@code workflow}, one of {@code provider}'s, started with {@code inputJson}.
   */
  public static CrashTest of(
      Class<? extends WorkflowProvider> provider, String workflow, String inputJson) {
    return new CrashTest(provider, workflow, inputJson);
  }

  /** Sends {@code payload} (as JSON) whenever a run waits for the signal {@code name}. */
  public CrashTest signal(String name, Object payload) {
    signals.put(name, payload);
    return this;
  }

  /** Approves the gate {@code gate} whenever a run waits at it. */
  public CrashTest approve(String gate, String actor, String reason) {
    gates.put(gate, new Script.Decision(true, actor, reason));
    return this;
  }

  /** Rejects the gate {@code gate} whenever a run waits at it. */
  public CrashTest reject(String gate, String actor, String reason) {
    gates.put(gate, new Script.Decision(false, actor, reason));
    return this;
  }

  /**
   * What of the ended run must be the same with and without a crash; by default its status, output,
   * error type and whether it was compensated. Narrow it for a workflow whose output holds what
   * legitimately differs between two runs (a time read inside a step body, say).
   */
  public CrashTest outcome(Function<RunInfo, ?> outcome) {
    this.outcome = Objects.requireNonNull(outcome, "outcome");
    return this;
  }

  /** How long one attempt may take to end the run, in real time (default 60 s). */
  public CrashTest timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Crashes at no more than this many journal states, the first ones (default 1000). */
  public CrashTest maxStates(long maxStates) {
    this.maxStates = maxStates;
    return this;
  }

  /**
   * Keeps every attempt's store, body ledger and child log in {@code dir} (by default a temporary
   * directory, deleted when everything held).
   */
  public CrashTest workDir(Path dir) {
    this.workDir = dir;
    return this;
  }

  private static Object defaultOutcome(RunInfo run) {
    return List.of(
        run.status().label(),
        String.valueOf(run.output()),
        String.valueOf(run.errorType()),
        run.compensated());
  }

  /** Runs the test: the run without a crash, then a crash at every state of its journal. */
  public CrashReport run() {
    long began = System.nanoTime();
    CrashSpec spec =
        new CrashSpec(
            provider.getName(),
            workflow,
            inputJson,
            RUN_ID,
            new Script(signals, gates),
            timeout.toMillis(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli());
    try {
      boolean temporary = workDir == null;
      Path root = temporary ? Files.createTempDirectory("reprise-crash-test-") : workDir;
      Files.createDirectories(root);
      Path specFile = root.resolve("spec.json");
      spec.write(specFile);
      Path template = template(root.resolve("template"));
      Children children = new Children(specFile, root);
      try {
        Path refDir = attemptDir(root, "reference", template);
        CrashProcess.Stop stop = children.run("reference", refDir, 0);
        if (!(stop instanceof CrashProcess.Ended end) || !end.ended()) {
          throw new AssertionError(
              "crash test of '"
                  + workflow
                  + "': without a crash the run did not end"
                  + (stop instanceof CrashProcess.Failed f
                      ? ": its process " + f.what()
                      : " within " + timeout)
                  + "; kept in "
                  + refDir);
        }
        RunInfo reference = journals(refDir).get(RUN_ID).run();
        long states = Math.min(end.states(), maxStates);
        List<CrashPoint> points = new ArrayList<>();
        List<Long> unreached = new ArrayList<>();
        for (long k = 1; k <= states; k++) {
          Optional<CrashPoint> point = Optional.empty();
          for (int attempt = 1; attempt <= TRIES && point.isEmpty(); attempt++) {
            Path dir = attemptDir(root, "state-" + k + "-" + attempt, template);
            point = crashAt(children, dir, k, reference);
          }
          if (point.isPresent()) {
            points.add(point.get());
          } else {
            unreached.add(k);
          }
        }
        CrashReport report =
            new CrashReport(
                workflow,
                reference,
                states,
                points,
                unreached,
                Duration.ofNanos(System.nanoTime() - began));
        children.close();
        if (temporary && report.held()) {
          Trees.delete(root);
        }
        return report;
      } finally {
        children.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("crash test of '" + workflow + "'", e);
    }
  }

  /** An empty store, migrated once: each attempt starts from a copy, and only counts its run. */
  private static Path template(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path db = CrashSpec.database(dir);
    Reprise.builder().sqlite(db).buildClient().close();
    return db;
  }

  private static Path attemptDir(Path root, String name, Path template) throws IOException {
    Path dir = root.resolve(name);
    Files.createDirectories(dir);
    Files.copy(template, CrashSpec.database(dir));
    return dir;
  }

  /**
   * Kills a child at journal state {@code k}, then takes the run up in another child and checks
   * what it did; empty when the run ended before reaching state {@code k} in this try.
   */
  private Optional<CrashPoint> crashAt(Children children, Path dir, long k, RunInfo reference)
      throws IOException {
    CrashProcess.Stop stop = children.run("crash", dir, k);
    if (stop instanceof CrashProcess.Ended) {
      return Optional.empty();
    }
    if (stop instanceof CrashProcess.Failed f) {
      return Optional.of(
          new CrashPoint(
              k,
              List.of(),
              Optional.empty(),
              List.of("before the kill at that state, the child " + f.what()),
              dir));
    }
    Map<String, Journals.Journal> atCrash = journals(dir);
    CrashProcess.Stop resumed = children.run("after", dir, 0);
    Map<String, Journals.Journal> atEnd = journals(dir);
    Journals.Journal run = atEnd.get(RUN_ID);
    Optional<RunInfo> after =
        run != null
                && (run.run().status().isTerminal()
                    || run.run().waitingFor() instanceof Wait.Operator)
            ? Optional.of(run.run())
            : Optional.empty();
    List<String> problems = new ArrayList<>();
    if (resumed instanceof CrashProcess.Failed f) {
      problems.add("taken up again, the child " + f.what());
    } else if (after.isEmpty()) {
      problems.add(
          "taken up again, the run did not end within "
              + timeout
              + (run == null ? "" : "; it is " + run.run().status().label()));
    } else {
      problems.addAll(
          Journals.outcomeProblems(
              reference, after.get(), outcome, Journals.interruptedAtMostOnce(atCrash)));
      problems.addAll(Journals.compensationProblems(atEnd));
    }
    problems.addAll(
        Journals.rerunProblems(atCrash, BodyLedger.read(CrashSpec.ledger(dir)), "after"));
    return Optional.of(new CrashPoint(k, Journals.lines(atCrash), after, problems, dir));
  }

  private static Map<String, Journals.Journal> journals(Path dir) {
    try (RepriseClient client =
        Reprise.builder().sqlite(CrashSpec.database(dir)).readOnly().buildClient()) {
      return Journals.read(client);
    }
  }

  /** The child JVMs of a test: each run by the next, while a spare starts for the one after. */
  private final class Children implements AutoCloseable {
    private final Path specFile;
    private final Path root;
    private int started;
    private CrashProcess spare;

    Children(Path specFile, Path root) throws IOException {
      this.specFile = specFile;
      this.root = root;
      this.spare = next();
    }

    private CrashProcess next() throws IOException {
      started++;
      return CrashProcess.start(specFile, root.resolve("child-" + started + ".log"));
    }

    CrashProcess.Stop run(String phase, Path dir, long k) throws IOException {
      CrashProcess child = spare;
      child.go(phase, dir, k);
      spare = next();
      try (child) {
        return child.await(timeout.plusSeconds(30));
      }
    }

    @Override
    public void close() {
      spare.close();
    }
  }
}
