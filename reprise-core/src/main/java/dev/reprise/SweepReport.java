package dev.reprise;

/**
 * What a lease sweep did: runs put back to be resumed, runs failed (policy {@code fail}, too many
 * recoveries, unreadable), and runs another node took first.
 */
public record SweepReport(int restarted, int failed, int skipped) {
  public static final SweepReport NONE = new SweepReport(0, 0, 0);

  public SweepReport plus(SweepReport o) {
    return new SweepReport(restarted + o.restarted, failed + o.failed, skipped + o.skipped);
  }
}
