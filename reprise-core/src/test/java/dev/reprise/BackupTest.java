package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Postgres;
import dev.reprise.testing.Workflows.Abc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a clean close the database file alone is the store; a backup is a consistent copy. */
class BackupTest {
  @TempDir Path dir;

  /** Waits for a person's approval, holding no thread. */
  static final class Claim implements Workflow<String, String> {
    @Override
    public String name() {
      return "claim";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("file", () -> in);
      return ctx.awaitApproval("manager", Duration.ofDays(7)).decision().name();
    }
  }

  @Test
  void afterACleanCloseACopyOfTheDatabaseFileAloneHoldsEveryRun() throws Exception {
    Path db = dir.resolve("reprise.db");
    List<String> ids = new ArrayList<>();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(new Claim()).build()) {
      r.start();
      for (int i = 0; i < 80; i++) {
        ids.add(r.submit(new Claim(), "c-" + i).id());
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  r.runs(RunFilter.all().withStatus(RunStatus.WAITING).withLimit(100)).size()
                      == 80);
    }
    Path wal = dir.resolve("reprise.db-wal");
    assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("the WAL is empty").isTrue();

    Path copy = Files.createDirectories(dir.resolve("copied")).resolve("reprise.db");
    Files.copy(db, copy);
    try (RepriseClient client = Reprise.builder().sqlite(copy).buildClient()) {
      for (String id : ids) {
        RunInfo run = client.run(id);
        assertThat(run.status()).isEqualTo(RunStatus.WAITING);
        assertThat(run.steps()).hasSize(2);
      }
    }
  }

  @Test
  void aWalWhoseTailWasTornOpensWithEveryWholeCommitBeforeTheTear() throws Exception {
    Path db = dir.resolve("torn.db");
    Path snapshot = Files.createDirectories(dir.resolve("snapshot"));
    List<String> ids = new ArrayList<>();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(new Claim()).build()) {
      r.start();
      for (int i = 0; i < 40; i++) {
        ids.add(r.submit(new Claim(), "t-" + i).id());
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  r.runs(RunFilter.all().withStatus(RunStatus.WAITING).withLimit(100)).size()
                      == 40);
      // the files as a crash leaves them: the database and a WAL holding the commits
      Files.copy(db, snapshot.resolve("torn.db"));
      Files.copy(dir.resolve("torn.db-wal"), snapshot.resolve("torn.db-wal"));
    }
    Path wal = snapshot.resolve("torn.db-wal");
    long size = Files.size(wal);
    assertThat(size).as("commits in the WAL").isGreaterThan(4096 * 4);
    // a write the power cut off half-way: the last frame is cut in the middle of its page
    try (var channel =
        java.nio.channels.FileChannel.open(wal, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(size - 1000);
    }
    try (RepriseClient client =
        Reprise.builder().sqlite(snapshot.resolve("torn.db")).buildClient()) {
      List<RunInfo> found = client.runs(RunFilter.all().withLimit(100));
      assertThat(found).as("the commits before the tear").isNotEmpty();
      assertThat(ids).containsAll(found.stream().map(RunInfo::id).toList());
      assertThat(found)
          .as("a waiting run comes with the journal it was committed with")
          .filteredOn(run -> run.status() == RunStatus.WAITING)
          .isNotEmpty()
          .allSatisfy(run -> assertThat(client.run(run.id()).steps()).hasSize(2));
      assertThat(client.checkIntegrity()).isEmpty();
    }
  }

  @Test
  void aBackupWhileRunsGoOnIsAConsistentCopyReadableByItsOwnerOnly() throws Exception {
    Path db = dir.resolve("live.db");
    Path backup = dir.resolve("backups").resolve("live-copy.db");
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(abc).build()) {
      r.start();
      List<RunHandle<String>> runs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        runs.add(r.submit(abc, "x" + i));
      }
      r.backup(backup); // while they run

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
          .isEqualTo("rw-------");
      assertThatThrownBy(() -> r.backup(backup))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("exists");
      for (RunHandle<String> run : runs) {
        run.result(Duration.ofSeconds(30));
      }
      for (String step : List.of("a", "b", "c")) {
        assertThat(abc.executions(step)).as("step %s ran once a run", step).isEqualTo(200);
      }
    }
    try (RepriseClient copy = Reprise.builder().sqlite(backup).readOnly().buildClient()) {
      List<RunInfo> runs = copy.runs(RunFilter.all().withLimit(1000));
      assertThat(runs).isNotEmpty();
      for (RunInfo run : runs) {
        List<StepInfo> steps = copy.steps(run.id());
        for (int i = 0; i < steps.size(); i++) {
          assertThat(steps.get(i).seq()).as("no hole in a journal").isEqualTo(i + 1);
        }
        if (run.status() == RunStatus.COMPLETED) {
          assertThat(steps).hasSize(3);
        }
      }
    }
  }

  @Test
  void aPostgresStoreIsBackedUpWithTheServersTools() {
    String schema = Postgres.createSchema();
    try (RepriseClient client = Reprise.builder().postgres(Postgres.url(schema)).buildClient()) {
      assertThatThrownBy(() -> client.backup(dir.resolve("pg.db")))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("pg_dump");
      assertThat(dir.resolve("pg.db")).doesNotExist();
    } finally {
      Postgres.dropSchema(schema);
    }
  }
}
