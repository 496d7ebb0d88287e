package dev.reprise.test.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.Reprise;
import dev.reprise.Workflow;
import dev.reprise.WorkflowProvider;
import dev.reprise.testing.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a crash test, as the test JVM and its child JVMs share it: which provider's workflows,
 * which run, what the script answers. Written to a JSON file for the child.
 *
 * @param provider a {@link WorkflowProvider} with a public no-argument constructor
 * @param workflow the workflow to run
 * @param inputJson its input
 * @param runId the run's id, the same in every attempt so that outputs compare
 * @param script the answers to the run's waits
 * @param timeoutMillis how long one attempt may take to end the run
 * @param clockStartMillis where every attempt's clock starts, so that {@code ctx.now()} reads the
 *     same times in each
 */
public record CrashSpec(
    String provider,
    String workflow,
    String inputJson,
    String runId,
    Script script,
    long timeoutMillis,
    long clockStartMillis) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The store of an attempt in {@code dir}. */
  public static Path database(Path dir) {
    return dir.resolve("reprise.db");
  }

  /** Where an attempt's workflows keep their own files (the provider's data dir). */
  public static Path dataDir(Path dir) {
    return dir.resolve("data");
  }

  /** Where an attempt's body starts are noted. */
  public static Path ledger(Path dir) {
    return dir.resolve("bodies.tsv");
  }

  public void write(Path file) {
    try {
      JSON.writeValue(file.toFile(), this);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the crash test's spec " + file, e);
    }
  }

  public static CrashSpec read(Path file) {
    try {
      return JSON.readValue(file.toFile(), CrashSpec.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the crash test's spec " + file, e);
    }
  }

  /**
   * An engine on the attempt's store in {@code dir}, running the provider's workflows with their
   * body starts noted under {@code phase}, on an auto-advancing clock from {@code
   * clockStartMillis}.
   */
  public Engine engine(Path dir, String phase) {
    WorkflowProvider p;
    try {
      p =
          Class.forName(provider, true, Thread.currentThread().getContextClassLoader())
              .asSubclass(WorkflowProvider.class)
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalArgumentException(
          "provider: cannot make a WorkflowProvider of "
              + provider
              + " with its public no-argument constructor: "
              + e,
          e);
    }
    try {
      java.nio.file.Files.createDirectories(dataDir(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BodyLedger ledger = new BodyLedger(ledger(dir), phase);
    List<Workflow<?, ?>> noted = new ArrayList<>();
    for (Workflow<?, ?> w : p.workflows(new WorkflowProvider.Context(dataDir(dir)))) {
      noted.add(new LedgerWorkflow<>(w, ledger));
    }
    SettableClock clock = SettableClock.autoAdvancing(Instant.ofEpochMilli(clockStartMillis));
    Reprise reprise =
        Reprise.builder()
            .sqlite(database(dir))
            .clock(clock)
            .pollInterval(Duration.ofMillis(20))
            .workflows(noted)
            .build();
    return new Engine(reprise, new Driver(reprise, clock, script));
  }

  /** An engine of an attempt, with what drives its runs. */
  public record Engine(Reprise reprise, Driver driver) implements AutoCloseable {
    @Override
    public void close() {
      reprise.close();
    }
  }
}
