package dev.reprise.test;

import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;
import dev.reprise.WorkflowProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/** The workflows the kit's own tests crash, with their effects noted in a file of the data dir. */
public final class KitWorkflows implements WorkflowProvider {
  @Override
  public List<Workflow<?, ?>> workflows(Context context) {
    Path effects = context.dataDir().resolve("effects.txt");
    return List.of(
        new Transfer(effects),
        new Patient(effects),
        new Drifting(context.dataDir()),
        new Clocked(),
        new Exiting(),
        new Stuck());
  }

  static void note(Path effects, String line) throws IOException {
    Files.writeString(effects, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /**
   * A saga: debits, credits, then notifies once; with {@code "refuse"} as its input the credit is
   * refused and the debit undone.
   */
  public static final class Transfer implements Workflow<String, String> {
    private final Path effects;

    Transfer(Path effects) {
      this.effects = effects;
    }

    @Override
    public String name() {
      return "transfer";
    }

    @Override
    public String run(RunContext ctx, String input) throws Exception {
      String debit =
          ctx.step(
              "debit",
              () -> {
                note(effects, "debit " + ctx.idempotencyKey());
                return "debit-" + input;
              },
              d -> note(effects, "refund " + d));
      String credit =
          ctx.step(
              "credit",
              () -> {
                if (input.equals("refuse")) {
                  throw new IllegalStateException("credit refused");
                }
                note(effects, "credit " + ctx.idempotencyKey());
                return "credit-" + input;
              });
      ctx.step(
          "notify",
          StepOptions.once(),
          () -> {
            note(effects, "notify " + ctx.idempotencyKey());
            return "sent";
          });
      return debit + "+" + credit;
    }
  }

  /** Sleeps 30 days, then waits a week for the signal {@code go} and returns its payload. */
  public static final class Patient implements Workflow<String, String> {
    private final Path effects;

    Patient(Path effects) {
      this.effects = effects;
    }

    @Override
    public String name() {
      return "patient";
    }

    @Override
    public String run(RunContext ctx, String input) throws Exception {
      ctx.step("before", () -> "ready");
      ctx.sleep(Duration.ofDays(30));
      String go = ctx.awaitSignal("go", String.class, Duration.ofDays(7)).orElse("timed out");
      ctx.step(
          "after",
          () -> {
            note(effects, "after " + go);
            return go;
          });
      return input + ": " + go;
    }
  }

  /**
   * Not deterministic: its output counts how often its code ran, read from a file outside any step,
   * so a run taken up after a crash ends otherwise than one that never crashed. The crash test must
   * say so.
   */
  public static final class Drifting implements Workflow<String, String> {
    private final Path dataDir;

    Drifting(Path dataDir) {
      this.dataDir = dataDir;
    }

    @Override
    public String name() {
      return "drifting";
    }

    @Override
    public String run(RunContext ctx, String input) throws Exception {
      Path count = dataDir.resolve("replays.txt");
      note(count, "ran");
      ctx.step("one", () -> 1);
      ctx.step("two", () -> 2);
      return "ran " + Files.readAllLines(count).size() + " time(s)";
    }
  }

  /** Returns the time its context reads, after a step. */
  public static final class Clocked implements Workflow<String, String> {
    @Override
    public String name() {
      return "clocked";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step("one", () -> 1);
      return input + " at " + ctx.now();
    }
  }

  /** A step that ends the process, as a misbehaving library might. */
  public static final class Exiting implements Workflow<String, String> {
    @Override
    public String name() {
      return "exiting";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.step(
          "exit",
          () -> {
            System.exit(3);
            return "unreachable";
          });
    }
  }

  /** A step that never returns, and ignores interrupts. */
  public static final class Stuck implements Workflow<String, String> {
    @Override
    public String name() {
      return "stuck";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.step(
          "forever",
          () -> {
            while (true) {
              java.util.concurrent.locks.LockSupport.park();
            }
          });
    }
  }
}
