package dev.reprise.bench;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * One thing measured. A repetition opens a {@link Session} on a fresh, empty database file and
 * gives it slices of time, interleaved with the other workloads' sessions; its rate is the units it
 * did over the time it was given.
 */
interface Workload {

  /** A short stable name, used in the table and the JSON. */
  String name();

  /**
   * What is measured: {@code sqlite} or {@code postgresql} for the physical reference, {@code
   * reprise} for the library.
   */
  String system();

  /** The unit of the rate: what {@link Session#work} counts, per second. */
  String unit();

  /** Prepares a repetition on {@code database}, which does not exist yet; not timed. */
  Session open(Path database) throws Exception;

  /** A workload ready to run on its own database. */
  interface Session extends AutoCloseable {

    /**
     * Works for about {@code sliceNanos}, at least one whole unit of work, and returns the units
     * done.
     */
    long work(long sliceNanos) throws Exception;

    /** The step latencies recorded while working, or null when the workload records none. */
    default Latencies latencies() {
      return null;
    }

    /** Closes what {@link #open} opened; not timed. */
    @Override
    void close() throws SQLException;
  }
}
