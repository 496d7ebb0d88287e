package dev.reprise.crash;

import dev.reprise.RecoveryReport;
import dev.reprise.Reprise;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of the crash test: executes runs until it is killed. Args: reprise db, ledger db.
 */
public final class CrashWorker {
  private CrashWorker() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    Ledger ledger = new Ledger(Path.of(args[1]), db);
    Reprise reprise =
        Reprise.builder()
            .sqlite(db)
            .concurrency(16)
            .pollInterval(java.time.Duration.ofMillis(50))
            .workflow(new FiveSteps(ledger))
            .workflow(new UnwindingSaga(ledger))
            .build();
    RecoveryReport report = reprise.start();
    System.out.println("RECOVERY " + report.stepsReset() + " " + report.runsRestarted());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
