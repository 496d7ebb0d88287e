package dev.reprise.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.Reprise;
import dev.reprise.RunHandle;
import dev.reprise.spring.app.GreetWorkflow;
import dev.reprise.spring.app.TestApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Spring Boot application, as a user's: every auto-configuration on the class path, a
 * workflow bean with a service injected, Actuator's health endpoint.
 */
@SpringBootTest(
    classes = TestApp.class,
    properties = {
      "reprise.poll-interval=50ms",
      "management.endpoint.health.show-details=always",
      // this app has no database of its own (spring-boot-starter-jdbc is here for the PostgreSQL
      // test)
      "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration"
    })
class SpringBootAppTest {
  private static final Path DIR = tempDir();

  @Autowired Reprise reprise;
  @Autowired GreetWorkflow greet;
  @Autowired HealthEndpoint health;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) {
    registry.add("reprise.sqlite.path", () -> DIR.resolve("reprise.db").toString());
  }

  @Test
  void aSubmittedWorkflowBeanRunsAndItsResultComesBack() {
    RunHandle<String> run = reprise.submit(greet, "ada");
    assertThat(run.result(Duration.ofSeconds(30))).isEqualTo("HELLO ADA");
    assertThat(reprise.run(run.id()).steps()).hasSize(2);
  }

  @Test
  void theHealthEndpointShowsRepriseUpWithItsStoreAndRunCounts() {
    reprise.submit(greet, "bo").result(Duration.ofSeconds(30));
    var component =
        (org.springframework.boot.actuate.health.Health) health.healthForPath("reprise");
    assertThat(component.getStatus()).isEqualTo(Status.UP);
    Map<String, Object> details = component.getDetails();
    assertThat(details)
        .containsEntry("store", "sqlite")
        .containsEntry("nodeId", reprise.nodeId())
        .containsEntry("location", DIR.resolve("reprise.db").toAbsolutePath().toString());
    @SuppressWarnings("unchecked")
    Map<String, Long> runs = (Map<String, Long>) details.get("runs");
    assertThat(runs.get("completed")).isPositive();
    assertThat(runs).containsKeys("running", "waiting", "failed");
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("reprise-spring");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
