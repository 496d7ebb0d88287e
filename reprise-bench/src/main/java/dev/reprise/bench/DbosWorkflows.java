package dev.reprise.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbos.transact.DBOS;
import dev.dbos.transact.config.DBOSConfig;
import dev.dbos.transact.workflow.Workflow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * DBOS Transact in the {@code peers} suite: a workflow of three steps ({@code DBOS.runStep}),
 * called through the registered proxy by the caller's own thread, which returns once the workflow's
 * outcome is recorded. DBOS keeps its tables in a schema of its own ({@code withDatabaseSchema}),
 * fresh for each measurement, and uses the pool it is given ({@code withDataSource}). DBOS has no
 * SQLite store; it takes no part in the SQLite workloads.
 */
final class DbosWorkflows implements TaskSystem.Workflows {

  /** The workflow interface DBOS proxies. */
  public interface Flows {
    int threeSteps(int task);
  }

  /** The workflow itself. */
  public static final class FlowsImpl implements Flows {
    private final DBOS dbos;

    FlowsImpl(DBOS dbos) {
      this.dbos = dbos;
    }

    @Override
    @Workflow(name = "bench-three-steps")
    public int threeSteps(int task) {
      dbos.<Integer, RuntimeException>runStep(() -> task, "one");
      dbos.<Integer, RuntimeException>runStep(() -> task, "two");
      return dbos.<Integer, RuntimeException>runStep(
          () -> {
            Tracker.done(task);
            return task;
          },
          "three");
    }
  }

  private final HikariDataSource pool;
  private final String schema;
  private final DBOS dbos;
  private final Flows flows;

  DbosWorkflows(Pg pg, HikariDataSource pool, String schema) {
    this.pool = pool;
    this.schema = schema;
    DBOSConfig config =
        DBOSConfig.defaults("reprise-bench")
            .withDatabaseUrl(pg.url())
            .withDbUser(Pg.USER)
            .withDbPassword("")
            .withDataSource(pool)
            .withDatabaseSchema(schema);
    dbos = new DBOS(config);
    try {
      flows = dbos.registerProxy(Flows.class, new FlowsImpl(dbos));
      dbos.launch();
    } catch (RuntimeException e) {
      dbos.close();
      throw e;
    }
  }

  @Override
  public void runWorkflow(int i) {
    flows.threeSteps(i);
  }

  @Override
  public long finished() throws Exception {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from " + schema + ".workflow_status where status = 'SUCCESS'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public String settings() {
    return "DBOSConfig.defaults(..).withDataSource(pool of "
        + pool.getMaximumPoolSize()
        + " connections).withDatabaseSchema(fresh).admin server off (the default); workflows called on"
        + " the callers' threads";
  }

  @Override
  public void close() {
    try {
      dbos.close();
    } finally {
      pool.close();
    }
  }
}
