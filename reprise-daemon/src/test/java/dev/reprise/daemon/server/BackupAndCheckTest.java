package dev.reprise.daemon.server;

import static dev.reprise.daemon.Cli.reprise;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.RunStatus;
import dev.reprise.daemon.Cli.Result;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reprise backup} copies a store while the daemon runs, and {@code reprise diag check} finds
 * damage, read-only, with the daemon up or down.
 */
class BackupAndCheckTest {
  @TempDir Path dir;

  @Test
  void aBackupTakenWhileTheDaemonRunsHoldsEveryRunAndChecksIntactAndDamageIsFound()
      throws Exception {
    Path data = dir.resolve("data");
    String d = data.toString();
    Path copy = dir.resolve("copy.db");
    List<String> ids = new ArrayList<>();
    try (DaemonProcess daemon = DaemonProcess.started(data)) {
      for (int i = 0; i < 20; i++) {
        ids.add(
            daemon
                .post("/api/runs", "{\"workflow\":\"length\",\"input\":\"run-" + i + "\"}")
                .body()
                .path("id")
                .asText());
      }
      for (String id : ids) {
        daemon.awaitRun(id, "completed");
      }
      Result backup = reprise("backup", "--to", copy.toString(), "--data-dir", d, "--json");
      assertThat(backup.exitCode()).as(backup.describe()).isZero();
      JsonNode made = DaemonProcess.JSON.readTree(backup.lastLine());
      assertThat(made.path("bytes").asLong()).isEqualTo(Files.size(copy));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
          .isEqualTo("rw-------");

      Path deep = dir.resolve("made/for/it/copy.db");
      Result inNewDirs = reprise("backup", "--to", deep.toString(), "--data-dir", d);
      assertThat(inNewDirs.exitCode()).as(inNewDirs.describe()).isZero();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deep.getParent())))
          .as("a directory made for a copy of every run")
          .isEqualTo("rwx------");

      Result again = reprise("backup", "--to", copy.toString(), "--data-dir", d, "--json");
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(DaemonProcess.JSON.readTree(again.lastLine()).path("error").asText())
          .isEqualTo("backup_exists");

      Result live = reprise("diag", "check", "--data-dir", d);
      assertThat(live.exitCode()).as("the live store, daemon up: " + live.describe()).isZero();
      assertThat(live.out()).contains("is intact");
    }

    Result checked = reprise("diag", "check", "--db", copy.toString(), "--json");
    assertThat(checked.exitCode()).as(checked.describe()).isZero();
    assertThat(DaemonProcess.JSON.readTree(checked.lastLine()).path("intact").asBoolean()).isTrue();
    try (RepriseClient c = Reprise.builder().sqlite(copy).readOnly().buildClient()) {
      assertThat(c.runs(RunFilter.all()))
          .as("every run, as the daemon had it")
          .hasSize(ids.size())
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
    }

    Path damaged = dir.resolve("damaged.db");
    Files.copy(copy, damaged);
    long pages = Files.size(damaged) / 4096;
    try (RandomAccessFile f = new RandomAccessFile(damaged.toFile(), "rw")) {
      for (long page = 2; page < pages; page += 2) {
        f.seek(page * 4096); // the b-tree page's header: its type, cells and content start
        f.write(new byte[] {0x0d, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f});
      }
    }
    byte[] before = Files.readAllBytes(damaged);
    Result found = reprise("diag", "check", "--db", damaged.toString(), "--json");
    assertThat(found.exitCode()).as(found.describe()).isEqualTo(1);
    JsonNode error = DaemonProcess.JSON.readTree(found.lastLine());
    assertThat(error.path("error").asText()).isIn("store_damaged", "check_failed");
    assertThat(error.path("message").asText()).contains(damaged.toString());
    assertThat(Files.readAllBytes(damaged)).as("read-only").isEqualTo(before);
  }

  @Test
  void aPostgresStoreIsNotCopiedByBackupButSaysWhatToUse() {
    Result r =
        reprise(
            "backup",
            "--to",
            dir.resolve("x.db").toString(),
            "--postgres",
            "jdbc:postgresql://127.0.0.1:5432/test",
            "--json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("pg_dump");
  }
}
