package dev.reprise;

/**
 * What a schedule does about fire times that passed while no engine ran (more than a minute late
 * when noticed).
 */
public enum MisfirePolicy {
  /** Drop them; the next run starts at the next fire time. */
  SKIP,
  /** Start one run, for the latest of them, however many were missed. */
  RUN_ONCE
}
