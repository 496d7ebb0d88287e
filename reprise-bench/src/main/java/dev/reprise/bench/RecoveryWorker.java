package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RunContext;
import dev.reprise.RunOptions;
import dev.reprise.SqliteSynchronous;
import dev.reprise.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker JVM of the {@code recovery} and {@code failover} suites: {@code java -cp
 * reprise-bench.jar dev.reprise.bench.RecoveryWorker RUNS NODE sqlite FILE SYNCHRONOUS} or {@code
 * ... RUNS NODE postgres URL TTL_MILLIS} (0: the default ttl). It submits RUNS runs of {@link
 * Interrupted}, lets each complete its first step and enter its second, prints {@value #READY} once
 * every run is inside that step, and then waits there to be killed.
 */
public final class RecoveryWorker {
  static final String READY = "ready";

  private RecoveryWorker() {}

  /**
   * Two steps; the second blocks when {@link #blockUntil} is set (in the worker) and reports its
   * start and end otherwise (in the restarted engine).
   */
  static final class Interrupted implements Workflow<Integer, Integer> {
    private final AtomicInteger entered = new AtomicInteger();
    private final CountDownLatch blockUntil;
    private final Runnable onEntered;

    Interrupted(CountDownLatch blockUntil, Runnable onEntered) {
      this.blockUntil = blockUntil;
      this.onEntered = onEntered;
    }

    int entered() {
      return entered.get();
    }

    @Override
    public String name() {
      return "bench-recovery";
    }

    @Override
    public Integer run(RunContext ctx, Integer i) {
      ctx.step("first", () -> i);
      return ctx.step(
          "interrupted",
          () -> {
            entered.incrementAndGet();
            onEntered.run();
            if (blockUntil != null) {
              blockUntil.await();
            }
            return i;
          });
    }
  }

  /** The store and node of a worker or of the engine that takes its runs back. */
  static Reprise.Builder builder(String node, String store, String location, String setting) {
    Reprise.Builder builder = Reprise.builder().nodeId(node);
    if (store.equals("sqlite")) {
      return builder.sqlite(Path.of(location)).synchronous(SqliteSynchronous.valueOf(setting));
    }
    builder.postgres(location);
    long ttl = Long.parseLong(setting);
    return ttl > 0 ? builder.leaseTtl(Duration.ofMillis(ttl)) : builder;
  }

  public static void main(String[] args) throws Exception {
    int runs = Integer.parseInt(args[0]);
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch allInside = new CountDownLatch(runs);
    Interrupted workflow = new Interrupted(never, allInside::countDown);
    Reprise reprise =
        builder(args[1], args[2], args[3], args[4]).concurrency(runs).workflow(workflow).build();
    reprise.start();
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 64; t++) {
        callers.submit(
            () -> {
              for (int i = next.getAndIncrement(); i < runs; i = next.getAndIncrement()) {
                reprise.submit(workflow, i, RunOptions.DEFAULT);
              }
            });
      }
    }
    allInside.await();
    System.out.println(READY);
    System.out.flush();
    never.await();
  }
}
