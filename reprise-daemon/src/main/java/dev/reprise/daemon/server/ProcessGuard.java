package dev.reprise.daemon.server;

import dev.reprise.Reprise;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepStatus;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves a trace of the endings the daemon did not choose. A shutdown hook logs {@code
 * process_exiting} when the process ends without the daemon having decided to stop ({@code
 * System.exit} in a workflow's code, a signal that was not handled), naming the runs and steps in
 * flight as the store has them, so that the next start's recovery and crash-loop count are
 * explained. A default uncaught-exception handler logs a thread's death as one {@code
 * uncaught_exception} event (no raw stack trace on stdout), and ends the process on an {@link
 * OutOfMemoryError}, as {@code -XX:+ExitOnOutOfMemoryError} would: a process short of memory is not
 * to be trusted, and a run it held would otherwise stay {@code running} until the next start.
 *
 * <p>A {@code kill -9}, a native crash and {@code -XX:+ExitOnOutOfMemoryError} run no hook: those
 * endings are seen at the next start only (the {@code recovery} event, the crash-loop rule).
 */
final class ProcessGuard {
  private static final Logger log = LoggerFactory.getLogger(ProcessGuard.class);

  /** How long the hook may read the store for the runs in flight before it logs without them. */
  private static final long READ_MILLIS = 2_000;

  private static final int MAX_RUNS = 50;

  /** The exit status the JVM gives an ending by {@code -XX:+ExitOnOutOfMemoryError}. */
  static final int OUT_OF_MEMORY_EXIT = 3;

  private final Supplier<LifecycleState> state;
  private final Supplier<Reprise> reprise;
  private final Thread hook;
  private volatile boolean chosen;

  private ProcessGuard(Supplier<LifecycleState> state, Supplier<Reprise> reprise) {
    this.state = state;
    this.reprise = reprise;
    this.hook = Thread.ofPlatform().name("reprise-exit-watch").unstarted(this::exiting);
  }

  /** Installs the hook and the handler; call once logging is configured. */
  static ProcessGuard install(Supplier<LifecycleState> state, Supplier<Reprise> reprise) {
    ProcessGuard guard = new ProcessGuard(state, reprise);
    Runtime.getRuntime().addShutdownHook(guard.hook);
    Thread.setDefaultUncaughtExceptionHandler(ProcessGuard::uncaught);
    if (Boolean.FALSE.equals(exitsOnOutOfMemory())) {
      log.atWarn()
          .setMessage("exit_on_out_of_memory_off")
          .addKeyValue(
              "note",
              "this JVM runs without -XX:+ExitOnOutOfMemoryError (the reprise launcher passes it):"
                  + " an OutOfMemoryError that code catches may leave the process limping on; only"
                  + " one that reaches the top of a thread ends it")
          .log();
    }
    return guard;
  }

  /** The daemon stops by its own decision: the process may end without a word from the hook. */
  void stopChosen() {
    chosen = true;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the process is already ending; the hook sees the flag
    }
  }

  /**
   * Whether this JVM ends at its first {@link OutOfMemoryError} ({@code
   * -XX:+ExitOnOutOfMemoryError}, as the {@code reprise} launcher starts it); null when the JVM
   * does not say.
   */
  static Boolean exitsOnOutOfMemory() {
    try {
      return Boolean.valueOf(
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
              .getVMOption("ExitOnOutOfMemoryError")
              .getValue());
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private void exiting() {
    if (chosen) {
      return;
    }
    try {
      log.atError()
          .setMessage("process_exiting")
          .addKeyValue("state", state.get().label())
          .addKeyValue("pid", ProcessHandle.current().pid())
          .addKeyValue("runs_in_flight", runsInFlight())
          .addKeyValue(
              "note",
              "the process is ending without a stop of the daemon's (System.exit in workflow code,"
                  + " or a signal not handled); the runs in flight are taken back at the next"
                  + " start, and one that keeps ending the process is quarantined after"
                  + " crash_loop_limit starts")
          .log();
    } catch (RuntimeException | Error e) {
      // nothing more can be said
    }
    System.out.flush();
  }

  /**
   * The runs the store has running or compensating, each with its entries still executing; read on
   * a thread of its own and given up after a bound, so that a store that does not answer cannot
   * hold the process up. On a shared store they may include other daemons' runs.
   */
  private Object runsInFlight() {
    Reprise r = reprise.get();
    if (r == null) {
      return List.of();
    }
    CompletableFuture<List<Map<String, Object>>> read = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon(true)
        .name("reprise-exit-read")
        .start(
            () -> {
              try {
                read.complete(read(r));
              } catch (RuntimeException | Error e) {
                read.completeExceptionally(e);
              }
            });
    try {
      return read.get(READ_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "not read: interrupted";
    } catch (Exception e) {
      return "not read: " + e;
    }
  }

  private static List<Map<String, Object>> read(Reprise r) {
    List<Map<String, Object>> runs = new ArrayList<>();
    for (RunInfo run :
        r.runs(
            RunFilter.all()
                .withStatus(RunStatus.RUNNING, RunStatus.COMPENSATING)
                .withLimit(MAX_RUNS))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("run_id", run.id());
      m.put("workflow", run.workflow());
      m.put("status", run.status().label());
      m.put(
          "steps_executing",
          r.steps(run.id()).stream()
              .filter(s -> s.status() == StepStatus.EXECUTING)
              .map(s -> s.seq() + " " + s.name())
              .toList());
      runs.add(m);
    }
    return runs;
  }

  private static void uncaught(Thread thread, Throwable e) {
    try {
      log.atError()
          .setMessage("uncaught_exception")
          .addKeyValue("thread", thread.getName().isEmpty() ? thread.toString() : thread.getName())
          .setCause(e)
          .log();
    } catch (RuntimeException | Error ignored) {
      // logging failed too (out of memory, say); the handling below still holds
    }
    if (e instanceof OutOfMemoryError) {
      System.out.flush();
      Runtime.getRuntime().halt(OUT_OF_MEMORY_EXIT);
    }
  }
}
