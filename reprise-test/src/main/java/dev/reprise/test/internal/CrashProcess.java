package dev.reprise.test.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link CrashChild} JVM, started ahead of its turn so that its start overlaps the attempt before
 * it. Its stderr goes to a log file; its stdout is read for the line that says where it stopped.
 */
public final class CrashProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final CompletableFuture<String> marker = new CompletableFuture<>();

  private CrashProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread.ofPlatform().daemon(true).name("crash-child-output").start(this::readMarker);
  }

  /** Starts a child on the classpath of this JVM; it waits for {@link #go}. */
  public static CrashProcess start(Path specFile, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                specFile.toString())
            .redirectError(log.toFile())
            .start();
    return new CrashProcess(p, log);
  }

  private void readMarker() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(CrashChild.CRASHED) || line.startsWith(CrashChild.ENDED)) {
          marker.complete(line);
        }
      }
    } catch (IOException e) {
      // the process is gone: said below
    }
    marker.complete("exited");
  }

  /** Where the child's log goes. */
  public Path log() {
    return log;
  }

  /** Tells the child to run on the store in {@code dir} and stop after commit {@code k}. */
  public void go(Path dir, long k) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((dir + " " + k + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /**
   * Waits for the child to stop after its commit (true, and the child is then killed with SIGKILL)
   * or to end the run first (false).
   *
   * @throws IllegalStateException when it did neither in time, or exited
   */
  public boolean awaitCrash(Duration timeout) throws IOException {
    String line;
    try {
      line = marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the child JVM neither reached its commit nor ended the run within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    if (line.startsWith(CrashChild.CRASHED)) {
      kill();
      return true;
    }
    if (line.startsWith(CrashChild.ENDED)) {
      return false;
    }
    throw new IllegalStateException("the child JVM exited before its commit");
  }

  private void kill() {
    process.destroyForcibly(); // SIGKILL
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
