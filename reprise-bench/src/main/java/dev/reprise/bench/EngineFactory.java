package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.SqliteSynchronous;
import dev.reprise.Workflow;
import java.nio.file.Path;

/**
 * Starts Reprise on one store for a workload: the workloads are the same on every store, only this
 * differs. {@code database} is the fresh file (SQLite) or names the fresh schema (PostgreSQL).
 */
@FunctionalInterface
interface EngineFactory {

  Reprise start(Path database, int concurrentRuns, Workflow<?, ?>... workflows) throws Exception;

  static EngineFactory sqlite(SqliteSynchronous synchronous) {
    return (database, runs, workflows) -> Engines.start(database, synchronous, runs, workflows);
  }

  /**
   * On PostgreSQL, in a fresh schema named after {@code database} (dropped by {@link
   * Pg#dropSchemas}), by JDBC URL: Reprise's own pool and defaults.
   */
  static EngineFactory postgres(Pg pg) {
    return (database, runs, workflows) -> {
      String schema = pg.freshSchema(Pg.schemaFor(database));
      return Engines.start(
          Reprise.builder().postgres(pg.url(schema)), Math.max(256, runs), workflows);
    };
  }
}
