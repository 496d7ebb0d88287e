package dev.reprise.test;

import dev.reprise.RunInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One crash of a {@link CrashTest}: the process killed right after the commit that made its
 * journal's {@code state}th distinct state, then the run taken up again on the same store.
 *
 * @param state which distinct state of the journal the process was killed at, from 1
 * @param atCrash the journal in the store when the process died, one line per run and entry
 * @param after the run once taken up again, empty if it did not end
 * @param problems what broke a promise, empty when everything held
 * @param dir where this attempt's store, body ledger and logs are
 */
public record CrashPoint(
    long state, List<String> atCrash, Optional<RunInfo> after, List<String> problems, Path dir) {
  public CrashPoint {
    atCrash = List.copyOf(atCrash);
    problems = List.copyOf(problems);
  }

  public boolean held() {
    return problems.isEmpty();
  }
}
