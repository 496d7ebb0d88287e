package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunStatus;
import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * Many runs parked at once, on a fresh engine (default concurrency) and file: every other run
 * sleeps an hour, the others await a signal for up to an hour. {@link #measure} submits them all
 * (from {@value #CALLERS} virtual threads, as the requests of a service would), times until every
 * one is {@code waiting}, reads the process's threads and memory after a GC, then signals the
 * awaiting half (from as many threads) and times until those runs have all completed. The sleeping
 * half must still be waiting at the end.
 */
final class ParkedRuns {
  static final int CALLERS = 64;

  private static final WaitingWorkflows.SleepAnHour SLEEPER = new WaitingWorkflows.SleepAnHour();
  private static final WaitingWorkflows.AwaitSignal AWAITER = new WaitingWorkflows.AwaitSignal();

  /** What one measurement at one size saw. */
  record Sample(int runs, double parkSeconds, JvmGauges parked, double signalSeconds) {
    double parkRate() {
      return runs / parkSeconds;
    }

    int signalled() {
      return runs / 2;
    }
  }

  private final Databases databases;
  private final SqliteSynchronous synchronous;

  ParkedRuns(Databases databases, SqliteSynchronous synchronous) {
    this.databases = databases;
    this.synchronous = synchronous;
  }

  Sample measure(int runs) throws Exception {
    Path db = databases.fresh("parked-" + runs);
    try {
      return measure(db, runs);
    } finally {
      databases.discard(db);
    }
  }

  private Sample measure(Path db, int runs) throws Exception {
    int awaiting = runs / 2;
    Duration bound = Duration.ofSeconds(60 + runs / 50);
    try (Reprise reprise = Engines.start(db, synchronous, 1, SLEEPER, AWAITER);
        RunCounts counts = new RunCounts(db)) {
      AtomicReferenceArray<String> awaiters = new AtomicReferenceArray<>(awaiting);
      long start = System.nanoTime();
      inParallel(
          runs,
          i -> {
            if (i % 2 == 1) {
              awaiters.set(i / 2, reprise.submit(AWAITER, i).id());
            } else {
              reprise.submit(SLEEPER, i);
            }
          });
      counts.await(RunStatus.WAITING, runs, bound);
      double parkSeconds = (System.nanoTime() - start) / 1e9;

      JvmGauges parked = JvmGauges.sample(databases.dir());

      long signalled = System.nanoTime();
      inParallel(awaiting, i -> reprise.signal(awaiters.get(i), WaitingWorkflows.SIGNAL, i));
      counts.await(RunStatus.COMPLETED, awaiting, bound);
      double signalSeconds = (System.nanoTime() - signalled) / 1e9;

      int stillWaiting = counts.count(RunStatus.WAITING);
      if (stillWaiting != runs - awaiting) {
        throw new IllegalStateException(
            "expected the "
                + (runs - awaiting)
                + " sleeping runs to be waiting still; runs by status: "
                + counts.summary());
      }
      return new Sample(runs, parkSeconds, parked, signalSeconds);
    }
  }

  /** Calls {@code task} for 0 to {@code n - 1}, from {@value #CALLERS} virtual threads. */
  private static void inParallel(int n, IntConsumer task)
      throws InterruptedException, ExecutionException {
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < Math.min(CALLERS, n); c++) {
        done.add(
            callers.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.accept(i);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }
}
