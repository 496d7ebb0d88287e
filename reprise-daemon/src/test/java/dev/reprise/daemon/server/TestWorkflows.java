package dev.reprise.daemon.server;

import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;
import dev.reprise.WorkflowProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Workflows the daemon tests drive, registered through the test class path's {@code
 * META-INF/services}: {@code hold} waits inside a step until a file appears (an in-flight step the
 * test controls), {@code fails-until} fails while a file is missing (a failed run to retry), {@code
 * first-then-fails-until} does the same after a completed step (a failed run to resume or fork),
 * {@code shifty} names its first step after whether a file exists (a replay mismatch on demand),
 * {@code tracked} tags and publishes, {@code grow} holds like {@code hold}, then journals a large
 * output (a disk filled by the engine's own writes).
 */
public final class TestWorkflows implements WorkflowProvider {

  @Override
  public List<Workflow<?, ?>> workflows(Context context) {
    return List.of(
        new Hold(),
        new Grow(),
        new FailsUntil(),
        new FirstThenFailsUntil(),
        new Shifty(),
        new Length(),
        new Charge(),
        new Tracked());
  }

  /**
   * Tags the run with its input as {@code customer}, publishes {@code stage} "waiting", waits for a
   * {@code go} signal, then publishes {@code stage} "done".
   */
  public static final class Tracked implements Workflow<String, String> {
    @Override
    public String name() {
      return "tracked";
    }

    @Override
    public String run(RunContext ctx, String customer) {
      ctx.tag("customer", customer);
      ctx.publish("stage", java.util.Map.of("stage", "waiting"));
      ctx.awaitSignal("go", String.class, Duration.ofDays(1));
      ctx.publish("stage", java.util.Map.of("stage", "done"));
      return customer;
    }
  }

  /** One step: the length of its input. */
  public static final class Length implements Workflow<String, Integer> {
    @Override
    public String name() {
      return "length";
    }

    @Override
    public Integer run(RunContext ctx, String input) {
      return ctx.step("length", input::length);
    }
  }

  /** An amount of money, exact. */
  public record Amount(String id, java.math.BigDecimal amount) {}

  /** One step: the amount as charged, written as a plain decimal. */
  public static final class Charge implements Workflow<Amount, String> {
    @Override
    public String name() {
      return "charge";
    }

    @Override
    public String run(RunContext ctx, Amount input) {
      return ctx.step("charge", () -> input.amount().toPlainString());
    }
  }

  /** Input of both: a file path. */
  public record FileInput(String file) {}

  /** Holds its step until the file exists, then one more step. */
  public static final class Hold implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "hold";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      String held =
          ctx.step(
              "hold",
              () -> {
                while (!Files.exists(Path.of(input.file()))) {
                  TimeUnit.MILLISECONDS.sleep(20);
                }
                return "released";
              });
      return ctx.step("after", () -> held + "-after");
    }
  }

  /** Input of {@code grow}: the file to wait for, and the size of the output in KiB. */
  public record GrowInput(String file, int kib) {}

  /** Holds its step until the file exists, then returns {@code kib} KiB; the run, its length. */
  public static final class Grow implements Workflow<GrowInput, Integer> {
    @Override
    public String name() {
      return "grow";
    }

    @Override
    public Integer run(RunContext ctx, GrowInput input) {
      String grown =
          ctx.step(
              "grow",
              () -> {
                while (!Files.exists(Path.of(input.file()))) {
                  TimeUnit.MILLISECONDS.sleep(20);
                }
                return "x".repeat(input.kib() * 1024);
              });
      return ctx.step("length", grown::length);
    }
  }

  /** Fails at once while the file is missing. */
  public static final class FailsUntil implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "fails-until";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      return ctx.step(
          "try",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            if (!Files.exists(Path.of(input.file()))) {
              throw new IllegalStateException("no " + input.file() + " yet");
            }
            return "ok";
          });
    }
  }

  /** A step that completes with a random value, then {@code fails-until}'s step. */
  public static final class FirstThenFailsUntil implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "first-then-fails-until";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      String first = ctx.step("first", () -> UUID.randomUUID().toString());
      return first + "/" + new FailsUntil().run(ctx, input);
    }
  }

  /**
   * Its first step is called {@code b} once the file exists, {@code a} before: a run that recorded
   * {@code a}, waiting for the signal {@code go}, meets a replay mismatch when it is woken after
   * the file appeared, and replays again once it is gone.
   */
  public static final class Shifty implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "shifty";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      String name = Files.exists(Path.of(input.file())) ? "b" : "a";
      String first = ctx.step(name, () -> name);
      ctx.awaitSignal("go", String.class, Duration.ofHours(1));
      return first + "-went";
    }
  }
}
