package dev.reprise.daemon;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {

  @Test
  void versionNamesTheReleaseAndTheCommitTheJarWasBuiltFrom() {
    Cli.Result r = reprise("--version");

    assertThat(r.exitCode()).isZero();
    // a build outside git (a source archive) cannot tell its commit, and says so; CI's first-run
    // check compares the commit with the checkout's
    assertThat(r.out().strip())
        .matches("reprise \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{12}|unknown)\\)");
    assertThat(Version.version()).isEqualTo(r.out().split(" ")[1]);
  }
}
