package dev.reprise.crash;

import dev.reprise.Reprise;
import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A child JVM whose workflow's second step ends the process ({@code System.exit(3)}): what a poison
 * step does to a daemon. Args: reprise db.
 */
public final class ExitingWorker {
  private ExitingWorker() {}

  /** One step that completes, then one that ends the process. */
  public static final class Poison implements Workflow<String, String> {
    @Override
    public String name() {
      return "poison";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("fine", () -> "ok");
      ctx.step(
          "exit",
          () -> {
            System.exit(3);
            return "never";
          });
      return in;
    }
  }

  public static void main(String[] args) throws Exception {
    Reprise reprise =
        Reprise.builder()
            .sqlite(Path.of(args[0]))
            .pollInterval(java.time.Duration.ofMillis(50))
            .workflow(new Poison())
            .build();
    reprise.start();
    System.out.println("STARTED");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
