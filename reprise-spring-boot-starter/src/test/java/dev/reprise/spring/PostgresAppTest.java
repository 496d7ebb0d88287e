package dev.reprise.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.reprise.Reprise;
import dev.reprise.spring.app.GreetWorkflow;
import dev.reprise.spring.app.TestApp;
import dev.reprise.test.PostgresSchema;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The same application on PostgreSQL: {@code spring.datasource.url} names a schema of its own, and
 * Reprise runs on the application's own Hikari pool. Skipped loudly without a server, failed under
 * {@code REPRISE_REQUIRE_PG=1}.
 */
class PostgresAppTest {
  private PostgresSchema schema;

  @BeforeEach
  void schema() {
    schema = PostgresSchema.create();
  }

  @AfterEach
  void drop() throws Exception {
    schema.close();
  }

  private ConfigurableApplicationContext start(String... more) {
    return new SpringApplicationBuilder(TestApp.class)
        .properties(
            "spring.datasource.url=" + schema.url(),
            "reprise.poll-interval=50ms",
            "management.endpoint.health.show-details=always")
        .properties(more)
        .run();
  }

  @Test
  void runsGoThroughTheApplicationsOwnPoolIntoItsSchema() throws Exception {
    try (ConfigurableApplicationContext context = start()) {
      Reprise reprise = context.getBean(Reprise.class);
      GreetWorkflow greet = context.getBean(GreetWorkflow.class);
      assertThat(reprise.submit(greet, "pg").result(Duration.ofSeconds(30))).isEqualTo("HELLO PG");
      assertThat(schema.tables()).as("Reprise's tables in the app's schema").isPositive();
      var health = (Health) context.getBean(HealthEndpoint.class).healthForPath("reprise");
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("store", "postgres");
      assertThat((String) health.getDetails().get("location")).startsWith("jdbc:postgresql:");
    }
  }

  @Test
  void healthIsDownOnceTheDatabaseGivesNoConnection() {
    try (ConfigurableApplicationContext context = start()) {
      HealthEndpoint health = context.getBean(HealthEndpoint.class);
      assertThat(health.healthForPath("reprise").getStatus()).isEqualTo(Status.UP);
      // the application's pool refuses every connection from now on, as with a database gone
      context.getBean(HikariDataSource.class).close();
      var down = (Health) health.healthForPath("reprise");
      assertThat(down.getStatus()).isEqualTo(Status.DOWN);
      assertThat(down.getDetails()).containsKey("error").containsEntry("store", "postgres");
    }
  }
}
