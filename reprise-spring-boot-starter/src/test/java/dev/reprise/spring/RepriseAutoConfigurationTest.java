package dev.reprise.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunContext;
import dev.reprise.RunHandle;
import dev.reprise.RunOptions;
import dev.reprise.Workflow;
import dev.reprise.spring.app.GreetWorkflow;
import dev.reprise.spring.app.Greeter;
import dev.reprise.spring.internal.RepriseFactory;
import dev.reprise.spring.internal.RepriseLifecycle;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.sqlite.SQLiteDataSource;

/** The auto-configuration's conditions and properties, in a bare application context. */
class RepriseAutoConfigurationTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RepriseAutoConfiguration.class))
        .withPropertyValues(
            "reprise.sqlite.path=" + dir.resolve("runs/reprise.db"), "reprise.poll-interval=50ms");
  }

  @Configuration(proxyBeanMethods = false)
  @Import({GreetWorkflow.class, Greeter.class})
  static class Workflows {}

  /** A service that submits runs through the client, and that a workflow's step calls too. */
  static class Orders {
    final RepriseClient client;

    Orders(RepriseClient client) {
      this.client = client;
    }

    String reserve(String id) {
      return "reserved " + id;
    }

    RunHandle<Object> order(String id) {
      return client.submitJson("uses-orders", "\"" + id + "\"", RunOptions.DEFAULT);
    }
  }

  static class UsesOrders implements Workflow<String, String> {
    private final Orders orders;

    UsesOrders(Orders orders) {
      this.orders = orders;
    }

    @Override
    public String name() {
      return "uses-orders";
    }

    @Override
    public String run(RunContext ctx, String id) {
      return ctx.step("reserve", () -> orders.reserve(id));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OrderBeans {
    @Bean
    Orders orders(RepriseClient client) {
      return new Orders(client);
    }

    @Bean
    UsesOrders usesOrders(Orders orders) {
      return new UsesOrders(orders);
    }
  }

  @Test
  void aServiceThatSubmitsThroughTheClientCanBeCalledFromAWorkflowsStep() {
    runner()
        .withUserConfiguration(OrderBeans.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              RunHandle<Object> run = context.getBean(Orders.class).order("o-1");
              assertThat(run.result(Duration.ofSeconds(30))).isEqualTo("reserved o-1");
              assertThat(context.getBean(RepriseClient.class).run(run.id()).workflow())
                  .isEqualTo("uses-orders");
            });
  }

  @Test
  void withoutADataSourceRunsAreKeptInTheSqliteFileOfTheProperty() {
    runner()
        .withUserConfiguration(Workflows.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Reprise.class);
              assertThat(dir.resolve("runs/reprise.db")).exists();
              assertThat(context.getBean(RepriseFactory.Built.class).store().kind())
                  .isEqualTo(RepriseProperties.StoreKind.SQLITE);
            });
  }

  @Test
  void workflowBeansAreRegisteredAndRunOnceTheContextIsRefreshed() {
    runner()
        .withUserConfiguration(Workflows.class)
        .run(
            context -> {
              Reprise reprise = context.getBean(Reprise.class);
              assertThat(context.getBean(RepriseLifecycle.class).isRunning()).isTrue();
              var run = reprise.submitJson("greet", "\"ada\"", RunOptions.DEFAULT);
              assertThat(run.result(Duration.ofSeconds(30))).isEqualTo("HELLO ADA");
            });
  }

  @Test
  void theDefaultSqliteFileIsUnderTheWorkingDirectory() {
    assertThat(new RepriseProperties().getSqlite().getPath())
        .isEqualTo(Path.of("reprise", "reprise.db"));
  }

  @Test
  void anApplicationDataSourceThatIsNotPostgresLeavesReprisOnSqlite() {
    runner()
        .withBean(DataSource.class, () -> sqliteDataSource(dir.resolve("app.db")))
        .run(
            context -> {
              assertThat(context.getBean(RepriseFactory.Built.class).store().kind())
                  .isEqualTo(RepriseProperties.StoreKind.SQLITE);
              assertThat(dir.resolve("runs/reprise.db")).exists();
            });
  }

  @Test
  void storePostgresWithoutADataSourceStopsNamingTheProperty() {
    runner()
        .withPropertyValues("reprise.store=postgres")
        .run(context -> assertFailsNaming(context, "reprise.store"));
  }

  @Test
  void aNegativeConcurrencyStopsStartupNamingTheProperty() {
    runner()
        .withPropertyValues("reprise.concurrency=-1")
        .run(
            context -> {
              InvalidConfigurationException e = assertFailsNaming(context, "reprise.concurrency");
              assertThat(e).hasMessageContaining("-1");
            });
  }

  @Test
  void aLeaseTooShortStopsStartupNamingTheProperty() {
    runner()
        .withPropertyValues("reprise.lease-ttl=100ms")
        .run(context -> assertFailsNaming(context, "reprise.lease-ttl"));
  }

  @Test
  void aNegativeQueueLimitStopsStartupNamingTheQueuesProperty() {
    runner()
        .withPropertyValues("reprise.queues.bulk.node-limit=-3")
        .run(context -> assertFailsNaming(context, "reprise.queues.bulk.node-limit"));
  }

  @Test
  void propertiesAndCustomizersReachTheBuilder() {
    runner()
        .withPropertyValues("reprise.node-id=from-property", "reprise.queues.bulk.node-limit=2")
        .run(
            context ->
                assertThat(context.getBean(Reprise.class).nodeId()).isEqualTo("from-property"));
    runner()
        .withPropertyValues("reprise.node-id=from-property")
        .withBean(RepriseBuilderCustomizer.class, () -> b -> b.nodeId("from-customizer"))
        .run(
            context ->
                assertThat(context.getBean(Reprise.class).nodeId()).isEqualTo("from-customizer"));
  }

  @Test
  void aRepriseBeanOfTheApplicationReplacesTheStartersAndIsStillStarted() {
    runner()
        .withUserConfiguration(OwnReprise.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Reprise.class);
              assertThat(context).doesNotHaveBean(RepriseFactory.Built.class);
              Reprise reprise = context.getBean(Reprise.class);
              assertThat(reprise.nodeId()).isEqualTo("own");
              assertThat(dir.resolve("runs/reprise.db")).doesNotExist();
              var run = reprise.submitJson("greet", "\"bo\"", RunOptions.DEFAULT);
              assertThat(run.result(Duration.ofSeconds(30))).isEqualTo("HELLO BO");
            });
  }

  @Test
  void anSqlitePathThatCannotBeMadeStopsTheContextNamingTheProperty() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("a-file"), "not a directory");
    runner()
        .withUserConfiguration(Workflows.class)
        .withPropertyValues("reprise.sqlite.path=" + dir.resolve("a-file/reprise.db"))
        .run(
            context ->
                assertThat(assertFailsNaming(context, "reprise.sqlite.path"))
                    .hasMessageContaining("a-file"));
  }

  @Test
  void repriseEnabledFalseConfiguresNothing() {
    runner()
        .withPropertyValues("reprise.enabled=false")
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(Reprise.class);
              assertThat(context).doesNotHaveBean(RepriseLifecycle.class);
            });
  }

  @Test
  void stoppingTheContextClosesRepriseSoThatAnotherEngineMayExecuteTheFile() {
    runner()
        .withUserConfiguration(Workflows.class)
        .run(
            context -> {
              context.getBean(Reprise.class);
              context.stop();
              assertThat(context.getBean(RepriseLifecycle.class).isRunning()).isFalse();
              // an SQLite file is executed by one engine at a time: this one let go of it
              try (Reprise next =
                  Reprise.builder().sqlite(dir.resolve("runs/reprise.db")).build()) {
                next.start();
              }
            });
  }

  @Configuration(proxyBeanMethods = false)
  @Import({GreetWorkflow.class, Greeter.class})
  static class OwnReprise {
    @Bean
    Reprise reprise(GreetWorkflow greet) {
      return Reprise.builder().sqliteInMemory().nodeId("own").workflow(greet).build();
    }
  }

  private static InvalidConfigurationException assertFailsNaming(
      AssertableApplicationContext context, String property) {
    assertThat(context).hasFailed();
    Throwable cause = context.getStartupFailure();
    while (cause != null && !(cause instanceof InvalidConfigurationException)) {
      cause = cause.getCause();
    }
    assertThat(cause)
        .as("an InvalidConfigurationException in %s", context.getStartupFailure())
        .isNotNull();
    InvalidConfigurationException e = (InvalidConfigurationException) cause;
    assertThat(e.field()).isEqualTo(property);
    assertThat(e).hasMessageStartingWith(property + ": ");
    return e;
  }

  private static DataSource sqliteDataSource(Path file) {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }
}
