package dev.reprise.cluster;

import dev.reprise.Reprise;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A node of the cluster tests, in its own JVM: executes runs until it is killed. Args: JDBC URL,
 * node id, lease ttl in ms, step work in ms.
 */
public final class ClusterWorker {
  private ClusterWorker() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String node = args[1];
    Reprise reprise =
        Reprise.builder()
            .postgres(url)
            .nodeId(node)
            .leaseTtl(Duration.ofMillis(Long.parseLong(args[2])))
            .concurrency(16)
            .pollInterval(Duration.ofMillis(100))
            .workflow(new ThreeSteps(new PgLedger(url, node), Long.parseLong(args[3])))
            .workflow(new GatedSteps(new PgLedger(url, node), Long.parseLong(args[3])))
            .build();
    reprise.start();
    System.out.println("STARTED " + node);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
