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
  /** Where a child stopped. */
  public sealed interface Stop {}

  /** Killed with SIGKILL right after the journal's {@code state}th distinct state. */
  public record Crashed(long state) implements Stop {}

  /**
   * Closed its engine after the run ended ({@code ended}) or after the attempt's time ran out,
   * having gone through {@code states} distinct journal states.
   */
  public record Ended(long states, boolean ended) implements Stop {}

  /** Exited (the user's code ended the process, say) or did neither in time (then killed). */
  public record Failed(String what) implements Stop {}

  private final Process process;
  private final Path log;
  private final CompletableFuture<String> marker = new CompletableFuture<>();

  private CrashProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread.ofPlatform().daemon(true).name("crash-child-output").start(this::readMarker);
  }

  /** Starts a child on the class path of this JVM; it waits for {@link #go}. */
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

  /**
   * Tells the child to run on the store in {@code dir}, noting body starts as {@code phase}, and to
   * stop at distinct journal state {@code k} (0: never).
   */
  public void go(String phase, Path dir, long k) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((phase + " " + dir + " " + k + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** Waits for the child to stop, and kills it (SIGKILL) if it has not exited. */
  public Stop await(Duration timeout) {
    String line;
    try {
      line = marker.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      kill();
      return new Failed("did not stop within " + timeout + " (see " + log + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
      return new Failed("interrupted");
    } catch (ExecutionException e) {
      kill();
      return new Failed(e.toString());
    }
    if (line.startsWith(CrashChild.CRASHED)) {
      kill();
      return new Crashed(Long.parseLong(line.split(" ")[1]));
    }
    if (line.startsWith(CrashChild.ENDED)) {
      String[] f = line.split(" ");
      waitForExit();
      return new Ended(Long.parseLong(f[1]), Boolean.parseBoolean(f[2]));
    }
    waitForExit();
    return new Failed(
        "exited with code "
            + process.exitValue()
            + " before the run ended (does the workflow's code end the process?); see "
            + log);
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
