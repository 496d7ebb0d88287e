package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.testing.Workflows.Abc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A disk that fills, for real: the store on a 2 MiB tmpfs (where the tests may mount one, as root
 * does here). Writes fail with StoreFullException naming the cause, nothing accepted is lost, and
 * once space returns the engine writes again without a restart.
 */
class DiskFullTest {
  private Path mount;

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @BeforeEach
  void smallDisk() throws Exception {
    mount = Files.createTempDirectory("reprise-full-");
    int rc = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
    if (rc != 0) {
      System.err.println(
          "\n*** DiskFullTest SKIPPED: cannot mount a tmpfs here (needs root); the full-disk"
              + " behaviour is not tested on this machine ***\n");
      Assumptions.abort("cannot mount a tmpfs");
    }
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", "-l", mount.toString());
      Files.deleteIfExists(mount);
    }
  }

  @Test
  void aFullDiskRefusesWritesNamingTheCauseAndTheEngineRecoversWhenSpaceReturns() throws Exception {
    Path db = mount.resolve("reprise.db");
    Abc abc = new Abc();
    String padding = "x".repeat(20_000);
    List<RunHandle<String>> accepted = new ArrayList<>();
    StoreException full = null;
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      for (int i = 0; i < 500 && full == null; i++) {
        try {
          accepted.add(r.submit(abc, i + padding));
        } catch (StoreException e) {
          full = e;
        }
      }
      assertThat(full).as("the disk filled").isInstanceOf(StoreFullException.class);
      assertThat(full.getMessage()).contains("full");

      assertThat(run("mount", "-o", "remount,size=64m", mount.toString())).isZero();

      RunHandle<String> after = r.submit(abc, "after");
      assertThat(after.result(Duration.ofSeconds(30))).isEqualTo("after-a-b-c");
      for (RunHandle<String> run : accepted) {
        assertThat(run.result(Duration.ofSeconds(30))).endsWith("-a-b-c");
      }
    }
  }
}
