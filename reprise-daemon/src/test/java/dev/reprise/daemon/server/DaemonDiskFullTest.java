package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.daemon.server.DaemonProcess.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon's data directory on a real 2 MiB tmpfs (where the tests may mount one, as root does
 * here): a full disk is a 507 with Retry-After naming the cause, the daemon says it is not ready,
 * and once space returns it takes writes again without a restart, every accepted run completing.
 */
class DaemonDiskFullTest {
  private Path mount;

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @BeforeEach
  void smallDisk() throws Exception {
    mount = Files.createTempDirectory("reprise-daemon-full-");
    if (run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString()) != 0) {
      System.err.println(
          "\n*** DaemonDiskFullTest SKIPPED: cannot mount a tmpfs here (needs root); the daemon's"
              + " full-disk answers are not tested on this machine ***\n");
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
  void aFullDiskIsA507WithRetryAfterTheDaemonIsNotReadyAndItRecoversWhenSpaceReturns()
      throws Exception {
    String padding = "\"" + "x".repeat(20_000) + "\"";
    List<String> accepted = new ArrayList<>();
    try (DaemonProcess d = DaemonProcess.started(mount.resolve("data"))) {
      Answer full = null;
      for (int i = 0; i < 500 && full == null; i++) {
        Answer a = d.post("/api/runs", "{\"workflow\":\"length\",\"input\":" + padding + "}");
        if (a.status() == 200 || a.status() == 201) {
          accepted.add(a.body().path("id").asText());
        } else {
          full = a;
        }
      }
      assertThat(full).as("the disk filled").isNotNull();
      assertThat(full.status()).as(full.body().toString()).isEqualTo(507);
      assertThat(full.body().path("error").asText()).isEqualTo("store_full");
      assertThat(full.body().path("message").asText())
          .as("names the file whose disk filled")
          .startsWith(mount.resolve("data").resolve("reprise.db") + ": ")
          .contains("full");
      assertThat(full.headers().firstValue("Retry-After")).isPresent();

      Answer ready = d.getWithoutToken("/api/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body().path("reason").asText()).isEqualTo("store_full");
      assertThat(d.getWithoutToken("/api/health").status()).as("alive").isEqualTo(200);

      assertThat(run("mount", "-o", "remount,size=64m", mount.toString())).isZero();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  d.post("/api/runs", "{\"workflow\":\"length\",\"input\":\"after\"}").status()
                      == 200);
      assertThat(d.getWithoutToken("/api/ready").status()).isEqualTo(200);
      for (String id : accepted) {
        JsonNode done = d.awaitRun(id, "completed");
        assertThat(done.path("output").asInt()).isEqualTo(20_000);
      }
    }
  }

  private static Answer readiness(DaemonProcess d) {
    try {
      return d.getWithoutToken("/api/ready");
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDiskFilledByTheEnginesOwnWritesMakesTheDaemonNotReadyUntilTheyGoThroughAgain()
      throws Exception {
    Path go = mount.getParent().resolve(mount.getFileName() + "-go");
    List<String> accepted = new ArrayList<>();
    try (DaemonProcess d = DaemonProcess.started(mount.resolve("data"))) {
      // small inputs, all accepted; their steps' outputs (5 x 640 KiB) fill the 2 MiB disk
      for (int i = 0; i < 5; i++) {
        Answer a =
            d.post(
                "/api/runs",
                "{\"workflow\":\"grow\",\"input\":{\"file\":\"" + go + "\",\"kib\":640}}");
        assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
        accepted.add(a.body().path("id").asText());
      }
      assertThat(d.getWithoutToken("/api/ready").status()).isEqualTo(200);
      Files.createFile(go);

      AtomicReference<Answer> ready = new AtomicReference<>();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ready.updateAndGet(x -> readiness(d)).status() == 503);
      JsonNode notReady = ready.get().body();
      assertThat(notReady.path("reason").asText()).as(notReady.toString()).isEqualTo("store_full");
      assertThat(notReady.path("message").asText())
          .startsWith(mount.resolve("data").resolve("reprise.db") + ": ");
      assertThat(d.events("store_write_failed")).as("no API write failed").isEmpty();

      assertThat(run("mount", "-o", "remount,size=64m", mount.toString())).isZero();
      // no submit: the engine's own writes go through again, and say so
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> d.getWithoutToken("/api/ready").status() == 200);
      for (String id : accepted) {
        assertThat(d.awaitRun(id, "completed").path("output").asInt()).isEqualTo(640 * 1024);
      }
    } finally {
      Files.deleteIfExists(go);
    }
  }
}
