package dev.reprise.internal.store;

import dev.reprise.RetentionPolicy;
import java.util.Map;

/** The retention policies of a scope's workflows, kept in the database so every node agrees. */
public interface RetentionRows {

  /** Sets the policy of {@code workflow}, or removes it when it keeps every run. */
  void put(String workflow, RetentionPolicy policy, long now);

  /** The policies by workflow name. */
  Map<String, RetentionPolicy> policies();

  /**
   * Deletes the ended runs the policies no longer keep as of {@code now}, with everything that goes
   * with them, in transactions of at most {@code batch} runs; returns how many. Safe while another
   * node does the same: each run is deleted once.
   */
  int apply(long now, int batch);
}
