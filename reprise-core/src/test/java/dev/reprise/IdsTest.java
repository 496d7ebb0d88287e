package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Workflows.Abc;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ids are checked where they enter the library; stored ids that break the rules stay reachable. */
class IdsTest {
  /** Ids no field accepts. */
  static final List<String> BAD =
      List.of(
          "",
          ".",
          "..",
          "a/b",
          "../etc",
          "a\u0000b",
          "\u0000",
          "bell\u0007",
          "line\nbreak",
          "tab\there",
          "\u202Eevil",
          "spoof\u2066x",
          "zero\u200Bwidth",
          "ali\u034Fce",
          "alice\uFE0F",
          "a\u17B4b",
          "\u3164",
          "x".repeat(1001));

  /** Ids every field accepts. */
  static final List<String> GOOD =
      List.of(
          "a",
          "order-42",
          "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
          "schedule:nightly:1700000000000",
          "retry:0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
          "parent:3:7",
          "a.b_c:d@e+f=g-h",
          "..x",
          "x".repeat(100));

  @TempDir Path dir;

  private static void refusedNaming(String field, String id, Consumer<String> entry) {
    InvalidConfigurationException e =
        catchThrowableOfType(InvalidConfigurationException.class, () -> entry.accept(id));
    assertThat(e).as("%s = %s", field, Ids.printable(id)).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.getMessage())
        .as("the message never echoes raw control characters")
        .doesNotContain("\u0000", "\u202E", "\u0007", "\n");
  }

  @Test
  void everyBadIdIsRefusedAtEveryLibraryEntryNamingTheField() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Abc()).build()) {
      String run = r.submit(new Abc(), "x").id();
      for (String bad : BAD) {
        refusedNaming("runId", bad, id -> RunOptions.runId(id));
        refusedNaming("name", bad, id -> r.signal(run, id, 1));
        refusedNaming("gate", bad, id -> r.approve(run, id, "ops-2", "fine"));
        refusedNaming("actor", bad, id -> r.reject(run, "finance", id, "no"));
        refusedNaming("actor", bad, id -> r.as(id));
        refusedNaming(
            "name", bad, id -> r.schedule(id, "0 3 * * *", "UTC", "abc", "x", MisfirePolicy.SKIP));
        refusedNaming("idempotencyKey", bad, id -> RunOptions.idempotencyKey(id));
      }
      assertThat(r.schedules()).isEmpty();
      assertThat(r.runs(RunFilter.all())).hasSize(1);
    }
  }

  @Test
  void goodIdsAreAcceptedAndKeysAndActorsTakeAWiderAlphabet() {
    for (String good : GOOD) {
      assertThatCode(() -> RunOptions.runId(good)).as(good).doesNotThrowAnyException();
      assertThatCode(() -> RunOptions.idempotencyKey(good)).as(good).doesNotThrowAnyException();
    }
    for (String key : List.of("Jane Doe", "order #42 (€)", "日本語のキー", "ops-2 <ops@example.com>")) {
      assertThatCode(() -> Ids.requireKey("idempotencyKey", key)).doesNotThrowAnyException();
      assertThatCode(() -> Ids.requireActor("actor", key)).doesNotThrowAnyException();
    }
    for (String notAName : List.of("Jane Doe", "a/b", "é", "a b")) {
      assertThat(
              catchThrowableOfType(
                      InvalidConfigurationException.class, () -> RunOptions.runId(notAName))
                  .field())
          .isEqualTo("runId");
    }
    assertThat(
            catchThrowableOfType(
                    InvalidConfigurationException.class,
                    () -> Ids.requireKey("idempotencyKey", " padded"))
                .getMessage())
        .contains("space");
    assertThat(
            catchThrowableOfType(
                    InvalidConfigurationException.class, () -> RunOptions.runId("x".repeat(201)))
                .getMessage())
        .contains("200");
    assertThat(
            catchThrowableOfType(
                    InvalidConfigurationException.class,
                    () -> Ids.requireScheduleName("name", "x".repeat(101)))
                .getMessage())
        .contains("100");
  }

  @Test
  void printableEscapesWhatCouldRewriteATerminalLine() {
    assertThat(Ids.printable("ok-1")).isEqualTo("ok-1");
    assertThat(Ids.printable("\u202Etxt.exe")).isEqualTo("\\u202Etxt.exe");
    assertThat(Ids.printable("a\u0000b\nc\\d")).isEqualTo("a\\u0000b\\u000Ac\\u005Cd");
    assertThat(Ids.printable(null)).isNull();
  }

  @Test
  void whatPrintableWritesReadsBackAsTheSameId() {
    for (String id :
        new String[] {
          "ok-1", "a\u0000b", "\u202Eevil", "c\\d", "\\u0041", "x\uD83D\uDE00y", "tab\there"
        }) {
      assertThat(Ids.fromPrintable(Ids.printable(id))).as(Ids.printable(id)).isEqualTo(id);
    }
    assertThat(Ids.fromPrintable("a\\u00")).isEqualTo("a\\u00");
    assertThat(Ids.fromPrintable("a\\x")).isEqualTo("a\\x");
    assertThat(Ids.fromPrintable(null)).isNull();
  }

  @Test
  void aRunAndAScheduleStoredUnderBadIdsCanStillBeReadCancelledPausedAndDeleted() {
    Path db = dir.resolve("legacy.db");
    try (RepriseClient c = Reprise.builder().sqlite(db).buildClient()) {
      c.runs(RunFilter.all());
    }
    List<String> legacy = List.of("..", "a\u0000b", "\u202Eevil", "a/b");
    try (Jdbc sql = Jdbc.open(db)) {
      for (String id : legacy) {
        sql.update(
            "insert into runs (id, namespace, workflow, status, input, created_at, updated_at)"
                + " values (?, 'default', 'abc', 'pending', '\"x\"', 1000, 1000)",
            id);
        sql.update(
            "insert into schedules (namespace, name, cron, zone, workflow, input, misfire,"
                + " next_fire_at, created_at) values ('default', ?, '* * * * *', 'UTC', 'abc',"
                + " '\"x\"', 'skip', 1000, 1000)",
            id);
      }
    }
    try (RepriseClient c = Reprise.builder().sqlite(db).buildClient()) {
      for (String id : legacy) {
        assertThat(c.run(id).id()).isEqualTo(id);
        c.as("ops-2").cancel(id, "cleaning up a legacy id");
        assertThat(c.run(id).status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(c.audit(id))
            .singleElement()
            .satisfies(a -> assertThat(a.actor()).isEqualTo("ops-2"));
        c.pauseSchedule(id);
        c.deleteSchedule(id);
      }
      assertThat(c.schedules()).isEmpty();
    }
  }

  @Test
  void theMessageForAnUnknownRunEscapesItsId() {
    try (RepriseClient c = Reprise.builder().sqliteInMemory().buildClient()) {
      RunNotFoundException e =
          catchThrowableOfType(RunNotFoundException.class, () -> c.run("\u202Eevil"));
      assertThat(e.getMessage()).contains("\\u202Eevil").doesNotContain("\u202E");
      assertThat(e.runId()).isEqualTo("\u202Eevil");
    }
  }
}
