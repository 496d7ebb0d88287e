package dev.reprise.daemon.ops;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.Reprise;
import dev.reprise.RunContext;
import dev.reprise.RunHandle;
import dev.reprise.RunStatus;
import dev.reprise.Workflow;
import dev.reprise.daemon.Cli.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagWhileWritingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STEPS = 4;

  @TempDir Path dir;

  /** Four steps, each journaled on its own commit. */
  static final class Steps implements Workflow<Integer, Integer> {
    @Override
    public String name() {
      return "steps";
    }

    @Override
    public Integer run(RunContext ctx, Integer n) {
      int total = 0;
      for (int i = 1; i <= STEPS; i++) {
        int step = i;
        total += ctx.step("step-" + i, () -> n * step);
      }
      return total;
    }
  }

  @Test
  void diagReadsRunsAndTheirStepsConsistentlyWhileAWriterCommits() throws Exception {
    Path db = dir.resolve("reprise.db");
    var steps = new Steps();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ended = new AtomicInteger();
    try (Reprise writer = Reprise.builder().sqlite(db).workflow(steps).build()) {
      writer.start();
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                int n = 0;
                while (!stop.get()) {
                  List<RunHandle<Integer>> batch = new ArrayList<>();
                  for (int i = 0; i < 8; i++) {
                    batch.add(writer.submit(steps, n++));
                  }
                  for (RunHandle<Integer> run : batch) {
                    run.result(Duration.ofSeconds(30));
                    ended.incrementAndGet();
                  }
                }
              });
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> ended.get() >= 16);
        int endedBefore = ended.get();
        int completedSeen = 0;
        // at least 20 reads, and on until the writer has ended runs since the first one
        for (int i = 0; i < 20 || (ended.get() == endedBefore && i < 500); i++) {
          Result r = reprise("diag", "sagas", "--db", db.toString(), "--json", "--limit", "50");

          assertThat(r.exitCode()).as(r.describe()).isZero();
          JsonNode runs = JSON.readTree(r.out());
          assertThat(runs.isArray()).as(r.out()).isTrue();
          for (JsonNode run : runs) {
            if (!run.get("status").asText().equals(RunStatus.COMPLETED.label())) {
              continue;
            }
            completedSeen++;
            assertThat(run.get("steps"))
                .as("the steps of completed run %s", run.get("id"))
                .hasSize(STEPS)
                .allSatisfy(s -> assertThat(s.get("status").asText()).isEqualTo("completed"));
          }
        }
        assertThat(completedSeen).isPositive();
        assertThat(writing).as("the writer kept going").isNotDone();
        assertThat(ended.get()).as("runs ended while diag read").isGreaterThan(endedBefore);
      } finally {
        stop.set(true);
      }
      writing.get();
    }
  }
}
