package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.daemon.server.DaemonProcess.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A clean stop when the disk is full: the close cannot copy the {@code -wal} into the database
 * file, so the stop says so and exits non-zero, and the next start, once there is room, has every
 * run. On real tmpfs mounts: needs root, and is skipped without it.
 */
class DaemonStopOnAFullDiskTest {
  private Path mount;

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private void mount(String size) throws Exception {
    mount = Files.createTempDirectory("reprise-full-stop-");
    if (run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString()) != 0) {
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

  /** Writes a file until the disk says it is full. */
  private static void fill(Path file) {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      // the disk is full
    }
  }

  /** Sixty runs of 20 KB completed, the disk filled, then TERM. */
  private List<String> completeRunsThenFillTheDiskAndStop(Path data, DaemonProcess d)
      throws Exception {
    String padding = "\"" + "x".repeat(20_000) + "\"";
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Answer a = d.post("/api/runs", "{\"workflow\":\"length\",\"input\":" + padding + "}");
      assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
      accepted.add(a.body().path("id").asText());
    }
    for (String id : accepted) {
      d.awaitRun(id, "completed");
    }
    fill(mount.resolve("filler"));
    d.signal("TERM");
    return accepted;
  }

  @Test
  void aStopThatCannotCheckpointExitsNonZeroNamingTheWalAndTheNextStartHasEveryRun()
      throws Exception {
    mount("8m");
    Path data = mount.resolve("data");
    List<String> accepted;
    int exit;
    try (DaemonProcess d = DaemonProcess.started(data)) {
      accepted = completeRunsThenFillTheDiskAndStop(data, d);
      exit = d.awaitExit(Duration.ofSeconds(60)).orElseThrow();
      Path wal = data.resolve("reprise.db-wal");
      long walBytes = Files.exists(wal) ? Files.size(wal) : 0;
      if (walBytes == 0) {
        // the checkpoint got through after all: then the stop is a clean one
        assertThat(exit).as(d.describe()).isZero();
      } else {
        assertThat(exit).as(d.describe()).isEqualTo(1);
        assertThat(d.events("store_wal_kept")).as(d.describe()).hasSize(1);
        assertThat(d.events("store_wal_kept").get(0).path("wal").asText())
            .isEqualTo(wal.toString());
        assertThat(d.events("daemon_stopped").get(0).path("how").asText())
            .isEqualTo("drained_wal_kept");
      }
    }
    Files.delete(mount.resolve("filler"));
    try (DaemonProcess d = DaemonProcess.started(data)) {
      for (String id : accepted) {
        assertThat(d.get("/api/runs/" + id).body().path("status").asText()).isEqualTo("completed");
      }
    }
  }
}
