package dev.reprise.daemon.demo;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RetryPolicy;
import dev.reprise.RunOptions;
import dev.reprise.daemon.CommandFailure;
import dev.reprise.daemon.demo.JournalProbe.Progress;
import dev.reprise.daemon.demo.JournalProbe.Tally;
import dev.reprise.examples.JournalCheck;
import dev.reprise.examples.Ledger;
import dev.reprise.examples.Order;
import dev.reprise.examples.OrderSaga;
import dev.reprise.examples.Payment;
import dev.reprise.examples.PaymentWorkflow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * The demo's script: submit the runs (payments, and order sagas that fail and compensate), then
 * start a worker {@code crashes + 1} times. Each of the first {@code crashes} workers is killed
 * once the journal shows a random number of newly completed steps (compensations included), so
 * every kill lands mid-work, sometimes mid-unwinding; the last one runs until every run has ended.
 * Then the journal and the ledger are audited.
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

  /**
   * Runs the demo in the data directory, or in a new temporary directory deleted at the end unless
   * kept or failed.
   */
  DemoSummary run() throws Exception {
    DemoFiles files =
        options.dataDir() == null ? DemoFiles.create() : DemoFiles.in(options.dataDir());
    boolean keep = options.keep() || options.dataDir() != null;
    try {
      DemoSummary summary = run(files);
      keep = keep || !summary.passed();
      return summary;
    } catch (Throwable t) {
      keep = true;
      throw t;
    } finally {
      if (keep) {
        out.println(
            "  files kept in "
                + files.dir()
                + "; to look at the runs: reprise diag sagas --db "
                + files.journal());
      } else {
        files.delete();
      }
      out.flush();
    }
  }

  private DemoSummary run(DemoFiles files) throws Exception {
    long begin = System.nanoTime();
    // a refused saga completes each compensated step and then its compensation; ship fails
    int totalSteps =
        options.payments() * PaymentWorkflow.STEPS.size()
            + options.sagas() * 2 * OrderSaga.COMPENSATIONS.size();
    say(
        "Reprise crash demo: %d payment runs x %d steps, %d order sagas that fail at ship and"
            + " compensate, %d crashes (SIGKILL), concurrency %d, seed %d",
        options.payments(),
        PaymentWorkflow.STEPS.size(),
        options.sagas(),
        options.crashes(),
        options.concurrency(),
        options.seed());
    say(
        "  files in %s%s",
        files.dir(),
        options.keep() || options.dataDir() != null
            ? " (kept)"
            : " (deleted at the end; --keep or --data-dir keeps them)");
    SubmittedRuns runs = submit(files);
    say("  submitted %d runs in %d ms", runs.all().size(), millisSince(begin));
    List<WorkerStarted> starts = new ArrayList<>();
    List<Crash> crashes = new ArrayList<>();
    Tally tally;
    DemoAudit.Findings findings;
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
          crashes.add(
              new Crash(
                  worker.pid(),
                  after.completedSteps(),
                  after.unfinishedRuns(),
                  after.compensatingRuns()));
          say(
              "  crash %d: SIGKILL to pid %d with %d of %d steps completed, %d runs unfinished,"
                  + " %d compensating",
              crashes.size(),
              worker.pid(),
              after.completedSteps(),
              totalSteps,
              after.unfinishedRuns(),
              after.compensatingRuns());
        }
      }
      try (WorkerProcess worker = WorkerProcess.start(files, options)) {
        starts.add(announce(worker.awaitStarted(options.timeout()), starts.size() + 1));
        if (awaitEnd(journal, worker)) {
          worker.stop(options.timeout());
          say(
              "  all %d runs ended %d ms after the first submit",
              runs.all().size(), millisSince(begin));
        }
      }
      tally = journal.tally();
      findings = DemoAudit.audit(files, runs, journal);
    }
    long elapsed = millisSince(begin);
    var summary =
        new DemoSummary(
            options,
            tally,
            findings.ledger(),
            findings.sagas(),
            starts,
            crashes,
            elapsed,
            List.of());
    return summary.passed() ? summary : summary.withUnexpected(DemoAudit.unexpected(files));
  }

  private SubmittedRuns submit(DemoFiles files) throws Exception {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= options.runs(); i++) {
      numbers.add(i);
    }
    Collections.shuffle(numbers, random);
    Set<Integer> sagas = new HashSet<>(numbers.subList(0, options.sagas()));
    // The ledger's tables exist before any worker starts; only the workflows' names and input
    // types matter to submit, so their ledger and journal check stay idle here.
    try (Ledger ledger = Ledger.open(files.ledger());
        JournalCheck check = new JournalCheck(files.journal());
        RepriseClient client = Reprise.builder().sqlite(files.journal()).buildClient();
        ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS)) {
      var payments = new PaymentWorkflow(ledger, check, RetryPolicy.DEFAULT);
      var orders = new OrderSaga(ledger, check, RetryPolicy.DEFAULT);
      List<Future<String>> paymentIds = new ArrayList<>();
      List<Future<String>> sagaIds = new ArrayList<>();
      for (int i = 1; i <= options.runs(); i++) {
        String orderId = String.format("order-%06d", i);
        long amount = 100 + random.nextInt(100_000);
        RunOptions key = RunOptions.idempotencyKey(orderId);
        if (sagas.contains(i)) {
          var order = new Order(orderId, amount, true);
          sagaIds.add(pool.submit(() -> client.submit(orders, order, key).id()));
        } else {
          var payment = new Payment(orderId, amount);
          paymentIds.add(pool.submit(() -> client.submit(payments, payment, key).id()));
        }
      }
      return new SubmittedRuns(ids(paymentIds), ids(sagaIds));
    }
  }

  private static List<String> ids(List<Future<String>> submitted) throws InterruptedException {
    List<String> ids = new ArrayList<>();
    for (Future<String> f : submitted) {
      try {
        ids.add(f.get());
      } catch (ExecutionException e) {
        throw new CommandFailure("cannot submit a run: " + e.getCause().getMessage(), e.getCause());
      }
    }
    return ids;
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

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
