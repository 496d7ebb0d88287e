package dev.reprise.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One repetition of several workloads, time-sliced: each gets a fresh database file and a session,
 * then they take turns, a slice each, until every one has had its share of time. A disk whose speed
 * drifts over seconds (a shared virtual disk does) then slows the reference and Reprise alike, and
 * the ratio of their rates stays meaningful.
 */
final class Interleaved {
  private final Databases databases;
  private final long durationNanos;
  private final long sliceNanos;

  Interleaved(Databases databases, long durationNanos, long sliceNanos) {
    this.databases = databases;
    this.durationNanos = durationNanos;
    this.sliceNanos = Math.min(sliceNanos, durationNanos);
  }

  /**
   * What one workload did in a repetition.
   *
   * @param rate units per second
   * @param latencies its step latencies in ms, sorted; empty when it records none
   */
  record Outcome(double rate, double[] latencies) {}

  /** The outcome of each workload, in the order given. */
  Outcome[] repetition(List<Workload> workloads) throws Exception {
    List<Path> files = new ArrayList<>();
    List<Workload.Session> sessions = new ArrayList<>();
    try {
      for (Workload w : workloads) {
        Path db = databases.fresh(w.name());
        files.add(db);
        sessions.add(w.open(db));
      }
      return run(sessions);
    } finally {
      close(sessions, files);
    }
  }

  private Outcome[] run(List<Workload.Session> sessions) throws Exception {
    int n = sessions.size();
    long[] units = new long[n];
    long[] nanos = new long[n];
    boolean pending = true;
    while (pending) {
      pending = false;
      for (int i = 0; i < n; i++) {
        long left = durationNanos - nanos[i];
        if (left <= 0) {
          continue;
        }
        long start = System.nanoTime();
        units[i] += sessions.get(i).work(Math.min(sliceNanos, left));
        nanos[i] += System.nanoTime() - start;
        pending |= nanos[i] < durationNanos;
      }
    }
    Outcome[] outcomes = new Outcome[n];
    for (int i = 0; i < n; i++) {
      Latencies l = sessions.get(i).latencies();
      outcomes[i] =
          new Outcome(units[i] / (nanos[i] / 1e9), l == null ? new double[0] : l.sortedMillis());
    }
    return outcomes;
  }

  private void close(List<Workload.Session> sessions, List<Path> files) throws Exception {
    Exception failure = null;
    for (Workload.Session s : sessions) {
      try {
        s.close();
      } catch (Exception e) {
        failure = add(failure, e);
      }
    }
    for (Path f : files) {
      try {
        databases.discard(f);
      } catch (Exception e) {
        failure = add(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static Exception add(Exception first, Exception next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
