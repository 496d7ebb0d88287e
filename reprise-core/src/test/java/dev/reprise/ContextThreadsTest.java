package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A RunContext answers only its run's thread, inside a step too; isCancelled() answers any. */
class ContextThreadsTest {
  @TempDir Path dir;

  @Test
  void callsFromAThreadTheWorkflowStartsAreRefusedButIsCancelled() {
    List<String> answered = new CopyOnWriteArrayList<>();
    Workflow<String, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "threads";
          }

          @Override
          public String run(RunContext ctx, String in) {
            fromAnotherThread(answered, "isCancelled", ctx::isCancelled);
            fromAnotherThread(answered, "now", ctx::now);
            return ctx.step(
                "s",
                () -> {
                  fromAnotherThread(answered, "now-in-step", ctx::now);
                  fromAnotherThread(answered, "randomUUID-in-step", ctx::randomUUID);
                  fromAnotherThread(answered, "idempotencyKey-in-step", ctx::idempotencyKey);
                  return ctx.idempotencyKey();
                });
          }
        };
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("a.db")).workflow(w).build()) {
      r.start();
      RunHandle<String> run = r.submit(w, "x");
      assertThat(run.result(Duration.ofSeconds(20))).isEqualTo(run.id() + ":1");
      assertThat(answered).containsExactly("isCancelled=false");
    }
  }

  private static void fromAnotherThread(List<String> answered, String what, Supplier<Object> call) {
    try {
      answered.add(what + "=" + CompletableFuture.supplyAsync(call).join());
    } catch (RuntimeException refused) {
      assertThat(refused).hasRootCauseInstanceOf(IllegalStateException.class);
    }
  }
}
