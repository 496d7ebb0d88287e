package dev.reprise.test.internal;

import dev.reprise.RunInfo;
import dev.reprise.RunOptions;
import dev.reprise.internal.store.jdbc.CommitHook;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The process a crash test kills. Started ahead of its turn, it loads what it will need, then reads
 * one line on stdin, {@code DIR K}: it submits the run on the store in {@code DIR} and drives it,
 * and right after its store's commit number {@code K} prints {@value #CRASHED} and stops every
 * later write by holding the journal writer, until the test sends SIGKILL. If the run ends first it
 * prints {@value #ENDED} with the number of commits and halts. Arg: the spec file.
 */
public final class CrashChild {
  public static final String CRASHED = "REPRISE-CRASHED-AFTER-COMMIT";
  public static final String ENDED = "REPRISE-RUN-ENDED-AFTER-COMMITS";

  private CrashChild() {}

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    CrashSpec spec = CrashSpec.read(Path.of(args[0]));
    // the time a JVM takes to load these is spent while the previous attempt runs
    Class.forName("org.sqlite.JDBC");
    Class.forName(spec.provider());
    String go =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (go == null) {
      return; // the test ended before this spare's turn came
    }
    int space = go.lastIndexOf(' ');
    Path dir = Path.of(go.substring(0, space));
    long k = Long.parseLong(go.substring(space + 1));
    PrintStream out = System.out;
    AtomicLong commits = new AtomicLong();
    CommitHook.install(
        () -> {
          if (commits.incrementAndGet() == k) {
            out.println(CRASHED + " " + k);
            out.flush();
            while (true) {
              LockSupport.park(); // holding the writer: nothing more is written until the kill
            }
          }
        });
    CrashSpec.Engine engine = spec.engine(dir, "crash");
    engine.reprise().start();
    engine.reprise().submitJson(spec.workflow(), spec.inputJson(), RunOptions.runId(spec.runId()));
    Optional<RunInfo> end =
        engine.driver().toEnd(spec.runId(), Duration.ofMillis(spec.timeoutMillis()));
    out.println(ENDED + " " + commits.get() + " " + end.map(r -> r.status().label()).orElse("-"));
    out.flush();
    Runtime.getRuntime().halt(0);
  }
}
