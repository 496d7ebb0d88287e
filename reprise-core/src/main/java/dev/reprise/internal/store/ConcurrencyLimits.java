package dev.reprise.internal.store;

import java.util.Map;

/** The limits of concurrency keys by name, kept in the database so that every node agrees. */
public interface ConcurrencyLimits {

  /** Sets the most runs of each value of {@code name}; the default limit removes the row. */
  void put(String name, int maxRunning, long now);

  /** The limits set, by key name. */
  Map<String, Integer> all();
}
