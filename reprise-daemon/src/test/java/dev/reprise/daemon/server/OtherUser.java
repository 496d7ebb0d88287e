package dev.reprise.daemon.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as another local user ({@code nobody}) with {@code runuser}, which only root can
 * do: tests that run as root use it to show what another user can and cannot read.
 */
final class OtherUser {
  static final String NAME = "nobody";

  private OtherUser() {}

  /** Whether this process can act as another user: it runs as root and runuser exists. */
  static boolean available() {
    return "root".equals(System.getProperty("user.name"))
        && new java.io.File("/usr/sbin/runuser").canExecute();
  }

  /** Exit code and output (stdout and stderr together) of a command. */
  record Result(int exitCode, String output) {}

  static Result run(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("/usr/sbin/runuser", "-u", NAME, "--"));
    full.addAll(List.of(command));
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + full);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.ISO_8859_1));
  }
}
