package dev.reprise.daemon.server;

import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;
import dev.reprise.WorkflowProvider;
import dev.reprise.daemon.server.TestWorkflows.FileInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Workflows whose steps do what user code should not, for the daemon's tests: {@code exit} ends the
 * process ({@code System.exit(3)}) once a file exists, {@code hog} takes all the heap once a file
 * exists, {@code deep} overflows its stack, {@code stray-thread} starts a thread that dies of a
 * stack overflow, {@code stuck} never returns and ignores interrupts.
 */
public final class PoisonWorkflows implements WorkflowProvider {
  /** The exit status of the {@code exit} workflow's step. */
  public static final int EXIT_STATUS = 3;

  @Override
  public List<Workflow<?, ?>> workflows(Context context) {
    return List.of(new Exit(), new Hog(), new Deep(), new StrayThread(), new Stuck());
  }

  private static void awaitFile(String file) throws InterruptedException {
    while (!Files.exists(Path.of(file))) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /**
   * A step ({@code before}, whose compensation writes {@code FILE.undone}), then one that ends the
   * process once {@code FILE} exists, at each attempt.
   */
  public static final class Exit implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "exit";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      ctx.step(
          "before",
          () -> "done",
          done -> Files.writeString(Path.of(input.file() + ".undone"), done));
      return ctx.step(
          "exit",
          () -> {
            awaitFile(input.file());
            System.exit(EXIT_STATUS);
            return "unreachable";
          });
    }
  }

  /** Holds on to ever more memory once {@code FILE} exists, until there is none. */
  public static final class Hog implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "hog";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      return ctx.step(
          "hog",
          () -> {
            awaitFile(input.file());
            List<long[]> held = new ArrayList<>();
            while (true) {
              held.add(new long[1 << 20]);
            }
          });
    }
  }

  /** Recurses until the stack overflows, in one attempt. */
  public static final class Deep implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "deep";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      return ctx.step("recurse", StepOptions.retry(RetryPolicy.NONE), () -> "" + depth(0));
    }
  }

  private static long depth(long n) {
    return depth(n + 1) + 1;
  }

  /** Starts a thread of its own that dies of a stack overflow, and waits for it. */
  public static final class StrayThread implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "stray-thread";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      return ctx.step(
          "spawn",
          () -> {
            Thread t = Thread.ofPlatform().name("user-stray").start(() -> depth(0));
            t.join();
            return "joined";
          });
    }
  }

  /** A step that never returns, whatever it is told. */
  public static final class Stuck implements Workflow<FileInput, String> {
    @Override
    public String name() {
      return "stuck";
    }

    @Override
    public String run(RunContext ctx, FileInput input) {
      return ctx.step(
          "spin",
          () -> {
            while (true) {
              try {
                TimeUnit.MILLISECONDS.sleep(20);
              } catch (InterruptedException ignored) {
                // told to stop: does not
              }
            }
          });
    }
  }
}
