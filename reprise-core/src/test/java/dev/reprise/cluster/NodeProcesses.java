package dev.reprise.cluster;

import java.io.IOException;
import java.nio.file.Path;
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
