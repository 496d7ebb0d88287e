package dev.reprise.test;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunInfo;
import dev.reprise.RunOptions;
import dev.reprise.WorkflowProvider;
import dev.reprise.test.internal.BodyLedger;
import dev.reprise.test.internal.CrashProcess;
import dev.reprise.test.internal.CrashSpec;
import dev.reprise.test.internal.Journals;
import dev.reprise.test.internal.Script;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Crash at every step: runs a workflow once without a crash, then once per commit of its store
 * {@code k = 1, 2, ...}: a child JVM runs it and is killed with SIGKILL right after commit {@code
 * k} (nothing later is written: the commit hook holds the store's writer until the kill), and an
 * engine in this JVM takes the run up again on the same SQLite file. After each, it checks what
 * users rely on:
 *
 * <ul>
 *   <li>the run ends as the run without a crash did (its status, output, error type and whether it
 *       was compensated; {@link #outcome} changes what is compared), except that a run killed
 *       inside an at-most-once step must fail instead;
 *   <li>no step body or compensation whose completion was journaled before the kill ran again;
 *   <li>a run that unwound undid each completed step that has a compensation exactly once.
 * </ul>
 *
 * It stops at the first commit the run ends before. The workflows come from a {@link
 * WorkflowProvider} with a public no-argument constructor (the child JVM makes its own), which gets
 * a data directory of its own per attempt, kept across the kill, for the doubles of what the steps
 * call. Waits are answered by the script ({@link #signal}, {@link #approve}, {@link #reject}), and
 * time skips to the next due time when every run waits, so a week-long sleep costs nothing.
 *
 * <pre>{@code
 * CrashTest.of(MyWorkflows.class, "payment", "{\"orderId\":\"o-1\",\"cents\":4200}")
 *     .run()
 *     .assertHeld();
 * }</pre>
 */
public final class CrashTest {
  private static final String RUN_ID = "crash-test-run";

  private final Class<? extends WorkflowProvider> provider;
  private final String workflow;
  private final String inputJson;
  private final Map<String, Object> signals = new HashMap<>();
  private final Map<String, Script.Decision> gates = new HashMap<>();
  private Function<RunInfo, ?> outcome = CrashTest::defaultOutcome;
  private Duration timeout = Duration.ofSeconds(60);
  private long maxCommits = 1000;
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

  /** How long one attempt may take to end the run (default 60 s). */
  public CrashTest timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /** Gives up after this many crash points (default 1000). */
  public CrashTest maxCommits(long maxCommits) {
    this.maxCommits = maxCommits;
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

  /** Runs the test: the run without a crash, then a crash after every commit. */
  public CrashReport run() {
    long began = System.nanoTime();
    CrashSpec spec =
        new CrashSpec(
            provider.getName(),
            workflow,
            inputJson,
            RUN_ID,
            new Script(signals, gates),
            timeout.toMillis());
    try {
      boolean temporary = workDir == null;
      Path root = temporary ? Files.createTempDirectory("reprise-crash-test-") : workDir;
      Files.createDirectories(root);
      Path specFile = root.resolve("spec.json");
      spec.write(specFile);
      RunInfo reference = reference(spec, root.resolve("reference"));
      Path template = template(root.resolve("template"));
      List<CrashPoint> points = new ArrayList<>();
      long commits = 0;
      CrashProcess next = CrashProcess.start(specFile, root.resolve("child-1.log"));
      try {
        for (long k = 1; k <= maxCommits; k++) {
          Path dir = root.resolve("commit-" + k);
          Files.createDirectories(dir);
          Files.copy(template, CrashSpec.database(dir));
          CrashProcess child = next;
          child.go(dir, k);
          next = CrashProcess.start(specFile, root.resolve("child-" + (k + 1) + ".log"));
          boolean killed;
          try (child) {
            killed = child.awaitCrash(timeout.plusSeconds(30));
          } catch (IllegalStateException e) {
            throw new AssertionError(
                "crash test of '"
                    + workflow
                    + "' at commit "
                    + k
                    + ": "
                    + e.getMessage()
                    + "; see "
                    + child.log(),
                e);
          }
          if (!killed) {
            break;
          }
          points.add(takeUp(spec, dir, k, reference));
          commits = k;
        }
      } finally {
        next.close();
      }
      CrashReport report =
          new CrashReport(
              workflow, reference, commits, points, Duration.ofNanos(System.nanoTime() - began));
      if (temporary && report.held()) {
        deleteTree(root);
      }
      return report;
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

  private RunInfo reference(CrashSpec spec, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (CrashSpec.Engine engine = spec.engine(dir, "reference")) {
      engine.reprise().start();
      engine.reprise().submitJson(workflow, inputJson, RunOptions.runId(RUN_ID));
      return engine
          .driver()
          .toEnd(RUN_ID, timeout)
          .orElseThrow(
              () ->
                  new AssertionError(
                      "crash test of '"
                          + workflow
                          + "': without a crash the run did not end within "
                          + timeout
                          + "; kept in "
                          + dir));
    }
  }

  /** Takes the run up again after the kill at commit {@code k}, and checks what it did. */
  private CrashPoint takeUp(CrashSpec spec, Path dir, long k, RunInfo reference) {
    Map<String, Journals.Journal> atCrash;
    try (RepriseClient client =
        Reprise.builder().sqlite(CrashSpec.database(dir)).readOnly().buildClient()) {
      atCrash = Journals.read(client);
    }
    Optional<RunInfo> after;
    Map<String, Journals.Journal> atEnd;
    try (CrashSpec.Engine engine = spec.engine(dir, "after")) {
      engine.reprise().start();
      if (!atCrash.containsKey(RUN_ID)) {
        // killed before the submit was durable: the caller never heard back, and submits again
        engine.reprise().submitJson(workflow, inputJson, RunOptions.runId(RUN_ID));
      }
      after = engine.driver().toEnd(RUN_ID, timeout);
      atEnd = Journals.read(engine.reprise());
    }
    List<String> problems = new ArrayList<>();
    if (after.isEmpty()) {
      problems.add("taken up again, the run did not end within " + timeout);
    } else {
      problems.addAll(
          Journals.outcomeProblems(
              reference, after.get(), outcome, Journals.interruptedAtMostOnce(atCrash)));
      problems.addAll(Journals.compensationProblems(atEnd, after.get()));
    }
    problems.addAll(
        Journals.rerunProblems(atCrash, BodyLedger.read(CrashSpec.ledger(dir)), "after"));
    return new CrashPoint(k, Journals.lines(atCrash), after, problems, dir);
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
