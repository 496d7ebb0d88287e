package dev.reprise.test;

import dev.reprise.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One crash of a {@link CrashTest}: the process killed right after its store's commit number {@code
 * afterCommit}, then the run taken up again on the same store.
 *
 * @param afterCommit the commit the process was killed after, from 1
 * @param atCrash the journal in the store when the process died, one line per entry
 * @param after the run once taken up again, empty if it did not end in time
 * @param problems what broke a promise, empty when everything held
 * @param dir where this attempt's store, body ledger and child log are
 */
public record CrashPoint(
    long afterCommit,
    List<String> atCrash,
    Optional<RunInfo> after,
    List<String> problems,
    Path dir) {
  public CrashPoint {
    atCrash = List.copyOf(atCrash);
    problems = List.copyOf(problems);
  }

  public boolean held() {
    return problems.isEmpty();
  }
}
