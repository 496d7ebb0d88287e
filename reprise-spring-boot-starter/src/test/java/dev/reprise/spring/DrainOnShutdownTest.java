package dev.reprise.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.StepStatus;
import dev.reprise.spring.app.GateWorkflow;
import dev.reprise.spring.app.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the application's context drains Reprise: it returns once no step body runs. */
class DrainOnShutdownTest {
  /** The test app has no database of its own; spring-boot-starter-jdbc is here for PostgreSQL. */
  private static final String NO_DATA_SOURCE =
      "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";

  @TempDir Path dir;

  @Test
  void closingTheContextWaitsForTheRunningStepBodyAndRecordsIt() throws Exception {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TestApp.class)
            .properties(
                "reprise.sqlite.path=" + dir.resolve("reprise.db"),
                "reprise.poll-interval=50ms",
                NO_DATA_SOURCE,
                "spring.lifecycle.timeout-per-shutdown-phase=60s")
            .run();
    GateWorkflow gate = context.getBean(GateWorkflow.class);
    String runId = context.getBean(Reprise.class).submit(gate, "x").id();
    assertThat(gate.entered.await(30, TimeUnit.SECONDS)).isTrue();

    Thread closer =
        Thread.ofPlatform()
            .start(
                () -> {
                  context.close();
                  gate.events.add("context closed");
                });
    // the closer is blocked somewhere in close (draining, if all is well) before the gate opens
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> closer.getState() == Thread.State.TIMED_WAITING || !closer.isAlive());
    assertThat(gate.events).isEmpty();
    gate.gate.countDown();
    closer.join(Duration.ofSeconds(60));

    assertThat(closer.isAlive()).isFalse();
    assertThat(gate.events).containsExactly("body ended", "context closed");
    try (RepriseClient reader =
        Reprise.builder().sqlite(dir.resolve("reprise.db")).readOnly().buildClient()) {
      assertThat(reader.steps(runId))
          .singleElement()
          .satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.COMPLETED));
    }
  }

  @Test
  void healthIsDownOnceRepriseStopped() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(TestApp.class)
            .properties("reprise.sqlite.path=" + dir.resolve("reprise.db"), NO_DATA_SOURCE)
            .run()) {
      HealthEndpoint health = context.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("reprise").getStatus()).isEqualTo(Status.UP);
      context.getBean(dev.reprise.spring.internal.RepriseLifecycle.class).stop();
      assertThat(health.healthForPath("reprise").getStatus()).isEqualTo(Status.DOWN);
    }
  }
}
