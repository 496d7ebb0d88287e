package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.crash.CrashWorker;
import dev.reprise.testing.Workflows.Abc;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One executor at a time for the runs of an SQLite file: across engines of one process, across
 * processes, and across a {@code close()} whose step bodies outlive it.
 */
class ExecutionLockTest {
  @TempDir Path dir;

  @Test
  void aSecondEngineOnTheSameFileIsRefusedWhileTheFirstExecutesButClientsAreNot() {
    Path db = dir.resolve("one.db");
    Abc abc = new Abc();
    Reprise first = Reprise.builder().sqlite(db).workflow(abc).build();
    try (Reprise second = Reprise.builder().sqlite(db).workflow(abc).build()) {
      first.start();
      assertThatThrownBy(second::start)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("another engine of this process executes its runs");
      String id = second.submit(abc, "x").id(); // as a client it works
      assertThat(first.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("x-a-b-c");

      first.close();
      second.start();
      assertThat(second.submit(abc, "y").result(Duration.ofSeconds(10))).isEqualTo("y-a-b-c");
    } finally {
      first.close();
    }
  }

  @Test
  void anotherNameOfTheSameFileTakesTheSameLock() throws Exception {
    Path real = dir.resolve("real");
    Files.createDirectories(real);
    Path db = real.resolve("one.db");
    Abc abc = new Abc();
    try (Reprise first = Reprise.builder().sqlite(db).workflow(abc).build()) {
      first.start();
      Path fileLink = Files.createSymbolicLink(dir.resolve("link.db"), db);
      Path dirLink = Files.createSymbolicLink(dir.resolve("linked-dir"), real);
      for (Path other :
          List.of(fileLink, dirLink.resolve("one.db"), dir.resolve("real/../real/one.db"))) {
        try (Reprise second = Reprise.builder().sqlite(other).workflow(abc).build()) {
          assertThatThrownBy(second::start)
              .as(other.toString())
              .isInstanceOf(StoreUnavailableException.class)
              .hasMessageContaining("another engine of this process executes its runs");
        }
      }
    }
  }

  @Test
  void aLooseLockFileIsTightenedAndALinkedOneIsRefused() throws Exception {
    Path db = dir.resolve("loose.db");
    Path lock = dir.resolve("loose.db.lock");
    Files.writeString(lock, "");
    Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-rw-rw-"));
    Abc abc = new Abc();
    try (Reprise engine = Reprise.builder().sqlite(db).workflow(abc).build()) {
      engine.start();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)))
          .isEqualTo("rw-------");
    }

    Path elsewhere = dir.resolve("someone-elses-file");
    Files.writeString(elsewhere, "keep me");
    Path linkedDb = dir.resolve("linked.db");
    Files.createSymbolicLink(dir.resolve("linked.db.lock"), elsewhere);
    try (Reprise engine = Reprise.builder().sqlite(linkedDb).workflow(abc).build()) {
      assertThatThrownBy(engine::start)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("symbolic link");
    }
    assertThat(Files.readString(elsewhere)).isEqualTo("keep me");
  }

  @Test
  void anEngineInAnotherProcessIsNamedByItsPidAndItsDeathFreesTheFile() throws Exception {
    Path db = dir.resolve("shared.db");
    Reprise.builder().sqlite(db).buildClient().close();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process other =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashWorker.class.getName(),
                db.toString(),
                dir.resolve("ledger.db").toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("RECOVERY")) {
        // its log, until it has started
      }
      assertThat(line).as("the other process started").isNotNull();
      try (Reprise mine = Reprise.builder().sqlite(db).workflow(new Abc()).build()) {
        assertThatThrownBy(mine::start)
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("another process executes its runs (pid " + other.pid() + ")");
        other.destroyForcibly();
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        mine.start();
      }
    } finally {
      other.destroyForcibly();
    }
  }

  /** One step whose body ignores interrupts and works until released. */
  static final class Stubborn implements Workflow<String, String> {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger returned = new AtomicInteger();

    @Override
    public String name() {
      return "stubborn";
    }

    @Override
    public String run(RunContext ctx, String in) {
      return ctx.step(
          "work",
          () -> {
            started.incrementAndGet();
            mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
              while (true) {
                try {
                  if (release.await(10, TimeUnit.SECONDS)) {
                    break;
                  }
                } catch (InterruptedException ignored) {
                  // this body does not stop when asked
                }
              }
            } finally {
              inside.decrementAndGet();
              returned.incrementAndGet();
            }
            return in + "-done";
          });
    }
  }

  @Test
  void aBodyThatOutlivesCloseKeepsTheFileFromAnyOtherEngineUntilItReturns() throws Exception {
    Path db = dir.resolve("stubborn.db");
    Stubborn stubborn = new Stubborn();
    List<String> ids = new ArrayList<>();
    Reprise first =
        Reprise.builder()
            .sqlite(db)
            .workflow(stubborn)
            .shutdownTimeout(Duration.ofMillis(300))
            .build();
    first.start();
    for (int i = 0; i < 4; i++) {
      ids.add(first.submit(stubborn, "r" + i).id());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> stubborn.started.get() == 4);

    long closing = System.nanoTime();
    first.close();
    assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    assertThat(stubborn.inside).as("the bodies outlived close()").hasValue(4);

    try (Reprise second = Reprise.builder().sqlite(db).workflow(stubborn).build()) {
      assertThatThrownBy(second::start)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("until the last of its step bodies has returned");
      stubborn.release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> stubborn.returned.get() == 4);
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(
              () -> {
                second.start();
                return true;
              });
      for (String id : ids) {
        assertThat(second.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
            .endsWith("-done");
      }
      assertThat(stubborn.mostAtOnce).as("never two executions of one step at once").hasValue(4);
      assertThat(stubborn.started).as("each interrupted step ran once more").hasValue(8);
    }
  }
}
