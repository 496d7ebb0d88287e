package dev.reprise.daemon.demo;

import dev.reprise.daemon.CliJson;
import dev.reprise.daemon.CommandFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link DemoWorker} child JVM on this JVM's class path. Its stdout carries the started line, its
 * stderr is appended to the worker log, and its stdin stays open until {@link #stop}: closing it is
 * how the worker learns to shut down, also when the demo itself dies.
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final CompletableFuture<WorkerStarted> started = new CompletableFuture<>();

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(DemoFiles files, DemoOptions options) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                DemoWorker.class.getName(),
                "--journal",
                files.journal().toString(),
                "--ledger",
                files.ledger().toString(),
                "--concurrency",
                Integer.toString(options.concurrency()),
                "--attempts",
                Integer.toString(options.stepAttempts())));
    Process process =
        new ProcessBuilder(command)
            .redirectError(Redirect.appendTo(files.workerLog().toFile()))
            .start();
    WorkerProcess worker = new WorkerProcess(process, files.workerLog());
    Thread.ofVirtual().name("demo-worker-stdout-" + process.pid()).start(worker::readStdout);
    return worker;
  }

  private static String java() {
    Path home = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(home)) {
      return home.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  long pid() {
    return process.pid();
  }

  /** Waits for the worker's started line: its recovery is done and it is executing runs. */
  WorkerStarted awaitStarted(Duration timeout) throws InterruptedException {
    try {
      return started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CommandFailure(
          "worker pid "
              + pid()
              + " did not start within "
              + timeout.toSeconds()
              + " s; see "
              + log);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof CommandFailure f
          ? f
          : new CommandFailure(e.getCause().getMessage(), e.getCause());
    }
  }

  /** Fails when the worker is gone although nobody killed or stopped it. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new CommandFailure(
          "worker pid "
              + pid()
              + " exited on its own with code "
              + process.exitValue()
              + "; see "
              + log);
    }
  }

  /**
   * SIGKILL on Linux and macOS: no shutdown hook, no flush, no goodbye. Returns once it is dead.
   */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new CommandFailure("worker pid " + pid() + " survived SIGKILL for 30 s");
    }
  }

  /** Closes the worker's stdin and waits for it to shut down cleanly. */
  void stop(Duration timeout) throws IOException, InterruptedException {
    process.getOutputStream().close();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new CommandFailure(
          "worker pid "
              + pid()
              + " did not stop within "
              + timeout.toSeconds()
              + " s; killed it; see "
              + log);
    }
    if (process.exitValue() != 0) {
      throw new CommandFailure(
          "worker pid " + pid() + " stopped with code " + process.exitValue() + "; see " + log);
    }
  }

  private void readStdout() {
    try (var reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!started.isDone() && line.startsWith("{")) {
          started.complete(CliJson.read(line, WorkerStarted.class));
        }
      }
    } catch (IOException | RuntimeException e) {
      started.completeExceptionally(
          new CommandFailure(
              "cannot read worker pid " + pid() + "'s output: " + e.getMessage(), e));
    }
    if (!started.isDone()) {
      String exit = process.isAlive() ? "closed its output" : "exited with code " + exitCode();
      started.completeExceptionally(
          new CommandFailure(
              "worker pid " + pid() + " " + exit + " before it started; see " + log));
    }
  }

  private int exitCode() {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Kills the worker if it is still running: no child outlives the demo. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
