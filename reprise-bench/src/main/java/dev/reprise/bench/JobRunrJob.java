package dev.reprise.bench;

/** The job JobRunr runs: a public static method, which JobRunr calls by reflection. */
public final class JobRunrJob {
  private JobRunrJob() {}

  public static void task(int i) {
    Tracker.done(i);
  }
}
