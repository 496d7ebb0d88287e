package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's database file across a stop and a start, with a real daemon and real signals: after
 * a clean stop ({@code TERM}) {@code reprise.db} alone holds every run; a file whose pages were
 * overwritten stops the next start, naming it, and is left as it was.
 */
class DaemonStoreFileTest {
  @TempDir Path dir;

  /** A run as the daemon left it: its status, and its output (JSON) if it has one. */
  private record Kept(String status, String output) {}

  /**
   * Runs through a daemon that is then stopped with {@code TERM}: completed ones ({@code length})
   * and ones waiting for a signal ({@code tracked}), each by its id.
   */
  private static Map<String, Kept> runsThenTerm(Path data) throws Exception {
    Map<String, Kept> runs = new LinkedHashMap<>();
    try (DaemonProcess d = DaemonProcess.started(data)) {
      for (int i = 0; i < 10; i++) {
        String input = "run-" + i + "-" + "x".repeat(20_000);
        String length = "{\"workflow\":\"length\",\"input\":\"" + input + "\"}";
        runs.put(submit(d, length), new Kept("completed", Integer.toString(input.length())));
        String tracked = "{\"workflow\":\"tracked\",\"input\":\"c-" + i + "\"}";
        runs.put(submit(d, tracked), new Kept("waiting", null));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                Map<String, String> listed = new LinkedHashMap<>();
                for (JsonNode run : d.get("/api/runs?limit=100").body().path("runs")) {
                  listed.put(run.path("id").asText(), run.path("status").asText());
                }
                return runs.entrySet().stream()
                    .allMatch(r -> r.getValue().status().equals(listed.get(r.getKey())));
              });
      d.signal("TERM");
      assertThat(d.awaitExit(Duration.ofSeconds(60))).as(d.describe()).contains(0);
      assertThat(d.events("daemon_stopped"))
          .singleElement()
          .satisfies(e -> assertThat(e.path("how").asText()).isEqualTo("drained"));
    }
    return runs;
  }

  private static String submit(DaemonProcess d, String body) throws Exception {
    DaemonProcess.Answer a = d.post("/api/runs", body);
    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    return a.body().path("id").asText();
  }

  @Test
  void afterTermTheWalIsEmptyAndTheDatabaseFileAloneHoldsEveryRun() throws Exception {
    Path data = dir.resolve("data");
    Map<String, Kept> runs = runsThenTerm(data);

    Path wal = data.resolve("reprise.db-wal");
    assertThat(!Files.exists(wal) || Files.size(wal) == 0)
        .as("the WAL is empty or gone after a clean stop")
        .isTrue();
    Path copy = Files.createDirectories(dir.resolve("copied")).resolve("reprise.db");
    Files.copy(data.resolve("reprise.db"), copy);
    try (RepriseClient alone = Reprise.builder().sqlite(copy).readOnly().buildClient()) {
      for (Map.Entry<String, Kept> run : runs.entrySet()) {
        RunInfo info = alone.run(run.getKey());
        assertThat(info.status().label()).as(run.getKey()).isEqualTo(run.getValue().status());
        assertThat(info.output()).as(run.getKey()).isEqualTo(run.getValue().output());
      }
    }
  }

  @Test
  void aDamagedDatabaseStopsTheStartNamingTheFileAndIsLeftAsItIs() throws Exception {
    Path data = dir.resolve("data");
    Path db = data.resolve("reprise.db");
    TestWorkflows.Length length = new TestWorkflows.Length();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(length).build()) {
      r.start();
      List<RunHandle<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        runs.add(r.submit(length, "run-" + i + "-" + "x".repeat(20_000)));
      }
      for (RunHandle<Integer> run : runs) {
        run.result(Duration.ofSeconds(30));
      }
    }
    long pages = Files.size(db) / 4096;
    assertThat(pages).isGreaterThan(10);
    try (FileChannel file = FileChannel.open(db, StandardOpenOption.WRITE)) {
      byte[] garbage = new byte[4096];
      Arrays.fill(garbage, (byte) 0x5A);
      for (long page : new long[] {pages / 3, pages / 2}) {
        file.write(ByteBuffer.wrap(garbage), page * 4096);
      }
    }
    byte[] damaged = Files.readAllBytes(db);

    try (DaemonProcess d = DaemonProcess.start(data)) {
      assertThat(d.awaitExit(Duration.ofSeconds(60))).as(d.describe()).contains(1);
      List<JsonNode> failed = new ArrayList<>(d.events("daemon_start_failed"));
      assertThat(failed).as(d.describe()).singleElement();
      assertThat(failed.get(0).path("error").asText()).contains(db.toString()).contains("damaged");
      assertThat(d.events("daemon_started")).isEmpty();
      JsonNode last = d.lastStdoutLine();
      assertThat(last.path("error").asText()).isEqualTo("start_failed");
      assertThat(last.path("message").asText()).contains(db.toString());
      assertThat(d.stderr()).contains(db.toString());
    }
    assertThat(Files.readAllBytes(db)).as("left as it was").isEqualTo(damaged);
  }
}
