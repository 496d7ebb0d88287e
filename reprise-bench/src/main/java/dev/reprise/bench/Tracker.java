package dev.reprise.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the task bodies of the peers workloads report: when each task was submitted and when its
 * body ran. One tracker is current at a time (a peer such as JobRunr calls a static method it found
 * by analysing a lambda, so the body has to find the tracker statically).
 */
final class Tracker {
  private static volatile Tracker current;

  private final long[] submitted;
  private final long[] done;
  private final CountDownLatch remaining;

  private Tracker(int tasks) {
    submitted = new long[tasks];
    done = new long[tasks];
    remaining = new CountDownLatch(tasks);
  }

  /** A fresh tracker for {@code tasks} tasks, made current. */
  static Tracker start(int tasks) {
    Tracker t = new Tracker(tasks);
    current = t;
    return t;
  }

  /** Called by every task body; a second run of the same task (a retry) counts once. */
  static void done(int task) {
    Tracker t = current;
    if (t != null && task < t.done.length && t.done[task] == 0) {
      t.done[task] = System.nanoTime();
      t.remaining.countDown();
    }
  }

  void submitting(int task) {
    submitted[task] = System.nanoTime();
  }

  boolean await(long timeoutNanos) throws InterruptedException {
    return remaining.await(timeoutNanos, TimeUnit.NANOSECONDS);
  }

  long left() {
    return remaining.getCount();
  }

  /** Submit-to-body-done latencies, sorted, in ms. */
  double[] sortedLatenciesMillis() {
    Latencies l = new Latencies(done.length);
    for (int i = 0; i < done.length; i++) {
      l.record(done[i] - submitted[i]);
    }
    return l.sortedMillis();
  }
}
