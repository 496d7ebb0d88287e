package dev.reprise.bench;

/**
 * One durable runtime, opened on a fresh store for one measurement of the {@code peers} suite.
 * Every implementation writes down its settings in {@link #settings()}.
 */
interface TaskSystem extends AutoCloseable {

  /** A system of durable tasks: workloads (b) and (c). */
  interface Enqueuing extends TaskSystem {
    /** Enqueues task {@code i} durably: when this returns, the task survives a crash. */
    void submit(int i) throws Exception;
  }

  /** A system of durable workflows: workload (a). */
  interface Workflows extends TaskSystem {
    /** Runs workflow {@code i} (three steps) and returns once its result is durable. */
    void runWorkflow(int i) throws Exception;
  }

  /** How many tasks the system's own store records as finished. */
  long finished() throws Exception;

  /** The settings it runs with, for the report. */
  String settings();

  @Override
  void close() throws java.sql.SQLException;
}
