package dev.reprise.test.internal;

import dev.reprise.RunNotFoundException;
import dev.reprise.RunOptions;
import dev.reprise.internal.store.jdbc.CommitHook;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The process where a crash test runs the user's code, so that nothing the code does (an exit, a
 * hang) reaches the test's JVM. Started ahead of its turn, it loads what it will need, then reads
 * one line on stdin, {@code PHASE DIR K}: on the store in {@code DIR} it takes the run up (or
 * submits it, when the store has none), drives it to its end, closes the engine and prints {@value
 * #ENDED} with the number of distinct journal states it went through. With {@code K > 0}, right
 * after the commit that makes the journal's {@code K}th distinct state it prints {@value #CRASHED}
 * instead and stops every later write by holding the journal writer, until the test sends SIGKILL.
 * {@code PHASE} names it in the body ledger. Arg: the spec file.
 */
public final class CrashChild {
  public static final String CRASHED = "REPRISE-CRASHED-AT-STATE";
  public static final String ENDED = "REPRISE-RUN-ENDED-AFTER-STATES";

  private CrashChild() {}

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    CrashSpec spec = CrashSpec.read(Path.of(args[0]));
    // the time a JVM takes to load these is spent while the attempt before runs
    Class.forName("org.sqlite.JDBC");
    Class.forName(spec.provider());
    String go =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (go == null) {
      return; // the test ended before this spare's turn came
    }
    String[] f = go.split(" ");
    String phase = f[0];
    long k = Long.parseLong(f[f.length - 1]);
    Path dir = Path.of(go.substring(phase.length() + 1, go.lastIndexOf(' ')));
    PrintStream out = System.out;
    JournalStates states = new JournalStates();
    CommitHook.install(
        connection -> {
          if (states.committed(connection) && states.count() == k) {
            out.println(CRASHED + " " + k);
            out.flush();
            while (true) {
              LockSupport.park(); // holding the writer: nothing more is written until the kill
            }
          }
        });
    CrashSpec.Engine engine = spec.engine(dir, phase);
    engine.reprise().start();
    try {
      engine.reprise().run(spec.runId());
    } catch (RunNotFoundException e) {
      // the first attempt, or one killed before its submit was durable: the caller never heard
      // back, and submits again
      engine
          .reprise()
          .submitJson(spec.workflow(), spec.inputJson(), RunOptions.runId(spec.runId()));
    }
    boolean ended =
        engine.driver().toEnd(spec.runId(), Duration.ofMillis(spec.timeoutMillis())).isPresent();
    engine.close();
    out.println(ENDED + " " + states.count() + " " + ended);
    out.flush();
    Runtime.getRuntime().halt(0);
  }
}
