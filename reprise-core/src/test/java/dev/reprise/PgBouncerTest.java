package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.OwnPgBouncer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Reprise behind a real PgBouncer: in transaction pooling mode it refuses to start, naming the
 * reason, and writes nothing; in session mode it runs.
 */
class PgBouncerTest {

  @Test
  void behindTransactionPoolingItRefusesToStartNamingTheReasonAndWritesNothing() throws Exception {
    try (OwnPgBouncer bouncer = OwnPgBouncer.start("transaction")) {
      assertThatThrownBy(
              () -> Reprise.builder().postgres(bouncer.url()).workflow(new Twice()).build())
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("share server sessions")
          .hasMessageContaining("pool_mode = transaction");
      try (Jdbc sql = Jdbc.connect(bouncer.directUrl())) {
        assertThat(
                sql.count(
                    "select count(*) from information_schema.tables where table_schema ="
                        + " 'public'"))
            .as("tables written")
            .isZero();
      }
    }
  }

  @Test
  void theApplicationsOwnPoolWithoutAutoCommitIsRefusedBehindTransactionPoolingToo()
      throws Exception {
    try (OwnPgBouncer bouncer = OwnPgBouncer.start("transaction");
        com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource()) {
      pool.setJdbcUrl(bouncer.url() + "&prepareThreshold=0");
      pool.setAutoCommit(false);
      pool.setMaximumPoolSize(6);

      assertThatThrownBy(() -> Reprise.builder().postgres(pool).workflow(new Twice()).build())
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("share server sessions");
    }
  }

  @Test
  void behindSessionPoolingItRuns() throws Exception {
    try (OwnPgBouncer bouncer = OwnPgBouncer.start("session");
        Reprise reprise = Reprise.builder().postgres(bouncer.url()).workflow(new Twice()).build()) {
      reprise.start();
      assertThat(reprise.submit(new Twice(), 21).result(Duration.ofSeconds(30))).isEqualTo(42);
    }
  }

  static final class Twice implements Workflow<Integer, Integer> {
    @Override
    public String name() {
      return "twice";
    }

    @Override
    public Integer run(RunContext ctx, Integer input) {
      return ctx.step("double", () -> input * 2);
    }
  }
}
