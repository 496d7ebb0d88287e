package dev.reprise.daemon.server;

import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;
import dev.reprise.WorkflowProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Workflows the daemon tests drive, registered through the test class path's {@code
 * META-INF/services}: {@code hold} waits inside a step until a file appears (an in-flight step the
 * test controls), {@code fails-until} fails while a file is missing (a failed run to retry).
 */
public final class TestWorkflows implements WorkflowProvider {

  @Override
  public List<Workflow<?, ?>> workflows(Context context) {
    return List.of(new Hold(), new FailsUntil());
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
}
