package dev.reprise.daemon.demo;

import dev.reprise.RecoveryReport;
import dev.reprise.Reprise;
import dev.reprise.RetryPolicy;
import dev.reprise.daemon.CliJson;
import dev.reprise.examples.JournalCheck;
import dev.reprise.examples.Ledger;
import dev.reprise.examples.OrderSaga;
import dev.reprise.examples.PaymentWorkflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo's child JVM: executes payment runs and order sagas until the demo closes its stdin or
 * kills it. Once {@code Reprise.start()} returns it prints one JSON line on stdout ({@link
 * WorkerStarted}); its logs go to stderr. Started by {@code reprise demo}, not by users.
 */
@Command(name = "demo-worker", description = "Executes the demo's runs until stdin closes.")
public final class DemoWorker implements Callable<Integer> {

  @Option(names = "--journal", required = true, description = "The Reprise SQLite file.")
  private Path journal;

  @Option(names = "--ledger", required = true, description = "The ledger SQLite file.")
  private Path ledger;

  @Option(names = "--concurrency", required = true, description = "Runs executing at once.")
  private int concurrency;

  @Option(names = "--attempts", required = true, description = "Attempts per step.")
  private int attempts;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoWorker()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long begin = System.nanoTime();
    var retry = RetryPolicy.DEFAULT.withMaxAttempts(attempts);
    try (Ledger effects = Ledger.open(ledger);
        JournalCheck check = new JournalCheck(journal);
        Reprise reprise =
            Reprise.builder()
                .sqlite(journal)
                .concurrency(concurrency)
                .workflow(new PaymentWorkflow(effects, check, retry))
                .workflow(new OrderSaga(effects, check, retry))
                // the demo's kills are not the runs' doing: a slow run in flight at each of them
                // would look like a crash loop and be quarantined
                .crashLoopLimit(0)
                .build()) {
      long opened = System.nanoTime();
      RecoveryReport report = reprise.start();
      long started = System.nanoTime();
      var line =
          WorkerStarted.of(
              ProcessHandle.current().pid(),
              report,
              millis(opened - begin),
              millis(started - opened));
      System.out.println(CliJson.write(line));
      System.out.flush();
      drain(System.in);
    }
    return 0;
  }

  /** Returns when the demo closes our stdin, or dies: either way, time to stop. */
  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) != -1) {
      // nothing to read but the end
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
