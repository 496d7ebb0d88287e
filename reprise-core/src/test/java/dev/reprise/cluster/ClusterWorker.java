package dev.reprise.cluster;

import dev.reprise.Reprise;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A node of the cluster tests, in its own JVM: executes runs until it is killed. Args: JDBC URL,
 * node id, lease ttl in ms, step work in ms, and optionally a ledger file: without one the ledger
 * is a {@link PgLedger} beside Reprise's tables, with one a {@link FileLedger} (for tests that take
 * the database away).
 */
public final class ClusterWorker {
  private ClusterWorker() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String node = args[1];
    long stepMillis = Long.parseLong(args[3]);
    StepLedger ledger =
        args.length > 4 ? new FileLedger(Path.of(args[4]), node) : new PgLedger(url, node);
    Reprise reprise =
        Reprise.builder()
            .postgres(url)
            .nodeId(node)
            .leaseTtl(Duration.ofMillis(Long.parseLong(args[2])))
            .concurrency(16)
            .pollInterval(Duration.ofMillis(100))
            .workflow(new ThreeSteps(ledger, stepMillis))
            .workflow(new GatedSteps(ledger, stepMillis))
            .workflow(new KeyedOverlap(url, stepMillis))
            .build();
    reprise.start();
    System.out.println("STARTED " + node);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
