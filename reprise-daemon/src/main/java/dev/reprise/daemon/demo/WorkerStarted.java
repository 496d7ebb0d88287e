package dev.reprise.daemon.demo;

import dev.reprise.RecoveryReport;

/**
 * The line a {@link DemoWorker} prints once {@code Reprise.start()} returned.
 *
 * @param pid the worker's process id
 * @param openMs time to open the store (and migrate it, the first time)
 * @param startMs time {@code start()} took: boot recovery, then starting the dispatcher
 */
record WorkerStarted(
    long pid,
    int stepsReset,
    int runsRestarted,
    int runsFailed,
    int runsQuarantined,
    long openMs,
    long startMs) {

  static WorkerStarted of(long pid, RecoveryReport report, long openMs, long startMs) {
    return new WorkerStarted(
        pid,
        report.stepsReset(),
        report.runsRestarted(),
        report.runsFailed(),
        report.runsQuarantined(),
        openMs,
        startMs);
  }
}
