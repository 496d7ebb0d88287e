package dev.reprise.cluster;

import dev.reprise.Reprise;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A node in its own JVM whose at-most-once step "wire" writes to a ledger, then hangs until the
 * test kills it. Args: SQLite file, ledger file.
 */
public final class OnceWorker {
  private OnceWorker() {}

  /** prepare (plain), then wire (at most once): each body appends its key to the ledger. */
  public static final class Wire implements Workflow<String, String> {
    final Path ledger;
    final boolean hang;

    public Wire(Path ledger, boolean hang) {
      this.ledger = ledger;
      this.hang = hang;
    }

    @Override
    public String name() {
      return "wire";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("prepare", () -> append("prepare " + ctx.idempotencyKey()));
      ctx.step(
          "wire",
          StepOptions.once(),
          () -> {
            append("wire " + ctx.idempotencyKey());
            if (hang) {
              Thread.sleep(Long.MAX_VALUE);
            }
            return "sent";
          });
      return in + " wired";
    }

    private String append(String line) {
      try {
        Files.writeString(
            ledger,
            line + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.SYNC);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return line;
    }
  }

  public static void main(String[] args) throws Exception {
    Reprise reprise =
        Reprise.builder()
            .sqlite(Path.of(args[0]))
            .pollInterval(Duration.ofMillis(50))
            .workflow(new Wire(Path.of(args[1]), true))
            .build();
    reprise.start();
    System.out.println("STARTED");
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
