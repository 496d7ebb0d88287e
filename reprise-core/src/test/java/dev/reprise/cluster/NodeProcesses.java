package dev.reprise.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node JVMs of a test ({@link ClusterWorker}s on the test's class path), each writing its
 * output to {@code NODE.log} in a folder; closing kills those still alive.
 */
public final class NodeProcesses implements AutoCloseable {
  private final Path dir;
  private final List<Process> started = new ArrayList<>();

  public NodeProcesses(Path dir) {
    this.dir = dir;
  }

  /** Starts a node; {@code args} are {@link ClusterWorker}'s, the node id second. */
  public Process start(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ClusterWorker.class.getName()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log(args[1]).toFile())
            .start();
    started.add(p);
    return p;
  }

  /**
   * Waits until the node started with {@code args[1]} prints {@code STARTED NODE}; fails at once,
   * with its output, if it exits first, and after {@code timeout} with its output so far.
   */
  public void awaitStarted(Process p, String node, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String out = Files.exists(log(node)) ? Files.readString(log(node)) : "";
      if (out.contains("STARTED " + node)) {
        return;
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "node "
                + node
                + (p.isAlive()
                    ? " did not start within " + timeout
                    : " exited with " + p.exitValue())
                + "; its output:\n"
                + out);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** Where a node's output goes. */
  public Path log(String node) {
    return dir.resolve(node + ".log");
  }

  /** Sends a signal ({@code STOP}, {@code CONT}, ...) to a node still alive. */
  public static void signal(Process p, String signal) throws IOException, InterruptedException {
    if (p.isAlive()) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      for (Process p : started) {
        signal(p, "CONT");
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
