package dev.reprise.bench;

import java.io.PrintStream;

/**
 * The {@code failover} suite: three nodes on PostgreSQL; the one holding about {@code runs} running
 * runs is killed with SIGKILL; the time until all of its runs are running on the other nodes, at
 * the default lease ttl and at a ttl of 2 s. It needs Reprise's PostgreSQL store and node leases;
 * until this build has them, every figure is reported as pending.
 */
final class FailoverSuite {
  static final String NAME = "failover";

  private FailoverSuite() {}

  static void run(int runs, String pendingReason, PrintStream log, Results results) {
    log.printf("%nReprise benchmark, suite %s: 3 nodes, %,d runs on the killed one%n", NAME, runs);
    for (String ttl : new String[] {"default-ttl", "ttl-2s"}) {
      String workload = "failover-" + runs + "-runs-" + ttl;
      log.println("  " + workload + ": " + pendingReason);
      results.pending(NAME, "reprise", workload, "s", pendingReason);
    }
  }
}
