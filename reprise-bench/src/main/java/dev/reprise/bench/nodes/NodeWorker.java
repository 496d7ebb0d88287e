package dev.reprise.bench.nodes;

import dev.reprise.Reprise;
import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One node of the multi-node measurements, in its own JVM, until it is killed. Args: JDBC URL, node
 * id, lease ttl (ms), work per step (ms), concurrency.
 */
public final class NodeWorker {
  private NodeWorker() {}

  /** Three steps, each doing {@code millis} of waiting work (none when 0). */
  static final class ThreeSteps implements Workflow<Integer, Integer> {
    private final long millis;

    ThreeSteps(long millis) {
      this.millis = millis;
    }

    @Override
    public String name() {
      return "three-steps";
    }

    @Override
    public Integer run(RunContext ctx, Integer input) {
      int a = ctx.step("a", () -> work(input + 1));
      int b = ctx.step("b", () -> work(a + 1));
      return ctx.step("c", () -> work(b + 1));
    }

    private int work(int value) throws InterruptedException {
      if (millis > 0) {
        Thread.sleep(millis);
      }
      return value;
    }
  }

  public static void main(String[] args) throws Exception {
    Reprise reprise =
        Reprise.builder()
            .postgres(args[0])
            .nodeId(args[1])
            .leaseTtl(Duration.ofMillis(Long.parseLong(args[2])))
            .concurrency(Integer.parseInt(args[4]))
            .pollInterval(Duration.ofMillis(100))
            .workflow(new ThreeSteps(Long.parseLong(args[3])))
            .build();
    reprise.start();
    System.out.println("STARTED " + args[1]);
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
