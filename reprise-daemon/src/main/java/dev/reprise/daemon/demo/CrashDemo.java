package dev.reprise.daemon.demo;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RetryPolicy;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunOptions;
import dev.reprise.RunStatus;
import dev.reprise.daemon.CommandFailure;
import dev.reprise.daemon.demo.JournalProbe.Progress;
import dev.reprise.daemon.demo.JournalProbe.Tally;
import dev.reprise.examples.JournalCheck;
import dev.reprise.examples.Ledger;
import dev.reprise.examples.LedgerAudit;
import dev.reprise.examples.Payment;
import dev.reprise.examples.PaymentWorkflow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's script: submit the runs, then start a worker {@code crashes + 1} times. Each of the
 * first {@code crashes} workers is killed once the journal shows a random number of newly completed
 * steps, so every kill lands mid-work; the last one runs until every run has ended. Then the
 * journal and the ledger are audited.
 */
final class CrashDemo {
  private static final long POLL_NANOS = 2_000_000;
  private static final int SUBMITTERS = 16;

  private final DemoOptions options;
  private final PrintWriter out;
  private final Random random;

  CrashDemo(DemoOptions options, PrintWriter out) {
    this.options = options;
    this.out = out;
    this.random = new Random(options.seed());
  }

  /** Runs the demo in a new temporary directory, deleted at the end unless kept or failed. */
  DemoSummary run() throws Exception {
    DemoFiles files = DemoFiles.create();
    boolean keep = options.keep();
    try {
      DemoSummary summary = run(files);
      keep = keep || !summary.passed();
      return summary;
    } catch (Throwable t) {
      keep = true;
      throw t;
    } finally {
      if (keep) {
        out.println("  files kept in " + files.dir());
      } else {
        files.delete();
      }
      out.flush();
    }
  }

  private DemoSummary run(DemoFiles files) throws Exception {
    long begin = System.nanoTime();
    int totalSteps = options.runs() * PaymentWorkflow.STEPS.size();
    say(
        "Reprise crash demo: %d payment runs x %d steps, %d crashes (SIGKILL), concurrency %d, seed %d",
        options.runs(),
        PaymentWorkflow.STEPS.size(),
        options.crashes(),
        options.concurrency(),
        options.seed());
    say(
        "  files in %s%s",
        files.dir(), options.keep() ? "" : " (deleted at the end; --keep keeps them)");
    List<String> runIds = submit(files);
    say("  submitted %d runs in %d ms", runIds.size(), millisSince(begin));
    List<WorkerStarted> starts = new ArrayList<>();
    List<Crash> crashes = new ArrayList<>();
    Tally tally;
    List<String> completed;
    try (JournalProbe journal = new JournalProbe(files.journal())) {
      for (int i = 0; i < options.crashes(); i++) {
        try (WorkerProcess worker = WorkerProcess.start(files, options)) {
          starts.add(announce(worker.awaitStarted(options.timeout()), starts.size() + 1));
          Progress before = journal.progress();
          int slice = (totalSteps - before.completedSteps()) / (options.crashes() - i + 1);
          int target = before.completedSteps() + 1 + random.nextInt(Math.max(1, slice));
          awaitProgress(journal, worker, target);
          worker.kill();
          Progress after = journal.progress();
          crashes.add(new Crash(worker.pid(), after.completedSteps(), after.unfinishedRuns()));
          say(
              "  crash %d: SIGKILL to pid %d with %d of %d steps completed, %d runs unfinished",
              crashes.size(),
              worker.pid(),
              after.completedSteps(),
              totalSteps,
              after.unfinishedRuns());
        }
      }
      try (WorkerProcess worker = WorkerProcess.start(files, options)) {
        starts.add(announce(worker.awaitStarted(options.timeout()), starts.size() + 1));
        if (awaitEnd(journal, worker)) {
          worker.stop(options.timeout());
          say(
              "  all %d runs ended %d ms after the first submit",
              runIds.size(), millisSince(begin));
        }
      }
      tally = journal.tally();
      completed = journal.runIds(RunStatus.COMPLETED.label());
    }
    long elapsed = millisSince(begin);
    LedgerAudit.Totals ledger = LedgerAudit.audit(files.ledger(), runIds, completed);
    List<RunInfo> notCompleted =
        tally.runs(RunStatus.COMPLETED.label()) == tally.total() ? List.of() : notCompleted(files);
    return new DemoSummary(options, tally, ledger, starts, crashes, elapsed, notCompleted);
  }

  private List<String> submit(DemoFiles files) throws Exception {
    List<Payment> payments = new ArrayList<>();
    for (int i = 1; i <= options.runs(); i++) {
      payments.add(new Payment(String.format("order-%06d", i), 100 + random.nextInt(100_000)));
    }
    // The ledger's tables exist before any worker starts; only the workflow's name and input
    // type matter to submit, so its ledger and journal check stay idle here.
    try (Ledger ledger = Ledger.open(files.ledger());
        JournalCheck check = new JournalCheck(files.journal());
        RepriseClient client = Reprise.builder().sqlite(files.journal()).buildClient();
        ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS)) {
      var workflow = new PaymentWorkflow(ledger, check, RetryPolicy.DEFAULT);
      List<Future<String>> submitted = new ArrayList<>();
      for (Payment p : payments) {
        submitted.add(
            pool.submit(
                () -> client.submit(workflow, p, RunOptions.idempotencyKey(p.orderId())).id()));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : submitted) {
        try {
          ids.add(f.get());
        } catch (ExecutionException e) {
          throw new CommandFailure(
              "cannot submit a run: " + e.getCause().getMessage(), e.getCause());
        }
      }
      return ids;
    }
  }

  private WorkerStarted announce(WorkerStarted w, int number) {
    String what =
        number == 1 && w.runsRestarted() == 0
            ? "nothing to recover"
            : String.format(
                "recovered %d runs, reset %d interrupted steps", w.runsRestarted(), w.stepsReset());
    if (w.runsFailed() > 0 || w.runsQuarantined() > 0) {
      what += String.format(", failed %d, quarantined %d", w.runsFailed(), w.runsQuarantined());
    }
    say(
        "  worker %d (pid %d): opened the journal in %d ms, start() took %d ms: %s",
        number, w.pid(), w.openMs(), w.startMs(), what);
    return w;
  }

  /** Polls until {@code target} steps are completed (or no run is left), with a bound. */
  private void awaitProgress(JournalProbe journal, WorkerProcess worker, int target)
      throws Exception {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (true) {
      Progress p = journal.progress();
      if (p.completedSteps() >= target || p.unfinishedRuns() == 0) {
        return;
      }
      worker.requireAlive();
      if (System.nanoTime() > deadline) {
        throw new CommandFailure(
            "timed out after "
                + options.timeout().toSeconds()
                + " s waiting for "
                + target
                + " completed steps before a kill ("
                + p.completedSteps()
                + " so far)");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Polls until every run has ended; false, said out loud, when the timeout passes first. */
  private boolean awaitEnd(JournalProbe journal, WorkerProcess worker) throws Exception {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (true) {
      Progress p = journal.progress();
      if (p.unfinishedRuns() == 0) {
        return true;
      }
      worker.requireAlive();
      if (System.nanoTime() > deadline) {
        say(
            "  timed out after %d s with %d runs unfinished",
            options.timeout().toSeconds(), p.unfinishedRuns());
        return false;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  private static List<RunInfo> notCompleted(DemoFiles files) {
    RunStatus[] others =
        Arrays.stream(RunStatus.values())
            .filter(s -> s != RunStatus.COMPLETED)
            .toArray(RunStatus[]::new);
    try (RepriseClient reader =
        Reprise.builder().sqlite(files.journal()).readOnly().buildClient()) {
      return reader.runs(RunFilter.all().withStatus(others).withLimit(5));
    }
  }

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
