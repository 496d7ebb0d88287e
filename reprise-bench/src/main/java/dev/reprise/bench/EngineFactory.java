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
}
