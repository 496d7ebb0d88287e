package dev.reprise.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server of a test's own, for what the shared server must not undergo (restarts):
 * {@code initdb} into a fresh folder, on a free port, started and restarted with {@code pg_ctl},
 * from the newest server binaries under {@code /usr/lib/postgresql/VERSION/bin} (or {@code
 * REPRISE_PG_BIN}). PostgreSQL refuses to run as root, so as root the binaries run as the user
 * {@code postgres} (else {@code nobody}) through {@code runuser}, in a folder that user owns. Where
 * the binaries or such a user are missing the test is skipped with a loud message on stderr.
 */
public final class OwnPostgres implements AutoCloseable {
  private static final long PG_CTL_TIMEOUT_SECONDS = 60;

  private final Path bin;
  private final List<String> asUser;
  private final Path base;
  private final Path data;
  private final int port;

  private OwnPostgres(Path bin, List<String> asUser, Path base, int port) {
    this.bin = bin;
    this.asUser = asUser;
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
  }

  /** Creates and starts a server, or skips the test loudly where that cannot be done here. */
  public static OwnPostgres startOrSkip() throws IOException, InterruptedException {
    Optional<Path> bin = binaries();
    if (bin.isEmpty()) {
      skip(
          "no PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/*/bin"
              + " or REPRISE_PG_BIN");
    }
    List<String> asUser = List.of();
    String user = null;
    if ("root".equals(ProcessHandle.current().info().user().orElse(""))) {
      Optional<Path> runuser =
          Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")
              .map(Path::of)
              .filter(Files::isExecutable)
              .findFirst();
      user =
          Stream.of("postgres", "nobody").filter(OwnPostgres::userExists).findFirst().orElse(null);
      if (runuser.isEmpty() || user == null) {
        skip("running as root, and no runuser or no user postgres/nobody to run PostgreSQL as");
      }
      asUser = List.of(runuser.get().toString(), "-u", user, "--");
    }
    Path base = Files.createTempDirectory("reprise-pg-");
    if (user != null) {
      UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(base, users.lookupPrincipalByName(user));
    }
    OwnPostgres pg = new OwnPostgres(bin.get(), asUser, base, freePort());
    try {
      pg.initdb();
      pg.start();
      return pg;
    } catch (IOException | RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}: trust auth, no password. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /**
   * {@code pg_ctl restart -m MODE} ({@code smart}, {@code fast} or {@code immediate}), waiting
   * until the server accepts connections again.
   */
  public void restart(String mode) throws IOException, InterruptedException {
    pgCtl("restart", "-m", mode, "-l", base.resolve("server.log").toString());
  }

  /** {@code pg_ctl stop -m MODE}, waiting until the server is down. */
  public void stop(String mode) throws IOException, InterruptedException {
    pgCtl("stop", "-m", mode);
  }

  /** {@code pg_ctl start}, waiting until the server accepts connections. */
  public void start() throws IOException, InterruptedException {
    pgCtl("start", "-l", base.resolve("server.log").toString());
  }

  /** The server's log, for a failure message. */
  public String log() throws IOException {
    Path log = base.resolve("server.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Stops the server at once and deletes its folder. */
  @Override
  public void close() throws IOException {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        pgCtl("stop", "-m", "immediate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try (Stream<Path> all = Files.walk(base)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void initdb() throws IOException, InterruptedException {
    run(
        "initdb",
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "--no-locale",
        "--encoding=UTF8",
        "--no-sync");
    // the settings go into the file: pg_ctl restart starts the server with them again
    String settings =
        "\nport = "
            + port
            + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '"
            + base
            + "'\n";
    Files.writeString(data.resolve("postgresql.conf"), settings, StandardOpenOption.APPEND);
  }

  private void pgCtl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("pg_ctl", "-D", data.toString(), "-w"));
    command.addAll(List.of(args));
    command.addAll(List.of("-t", Long.toString(PG_CTL_TIMEOUT_SECONDS)));
    run(command.toArray(String[]::new));
  }

  /** Runs a server binary as the server's user; fails with its output and the server's log. */
  private void run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(asUser);
    command.add(bin.resolve(args[0]).toString());
    command.addAll(List.of(args).subList(1, args.length));
    Path out = Files.createTempFile("reprise-pg-cmd-", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(base.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(PG_CTL_TIMEOUT_SECONDS + 30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + ": timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + ": exit "
                + p.exitValue()
                + "\n"
                + Files.readString(out)
                + "\nserver log:\n"
                + log());
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static Optional<Path> binaries() throws IOException {
    String env = System.getenv("REPRISE_PG_BIN");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env)).filter(OwnPostgres::hasServer);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(OwnPostgres::hasServer)
          .max(Comparator.comparing(OwnPostgres::majorVersion));
    }
  }

  private static boolean hasServer(Path bin) {
    return Stream.of("initdb", "pg_ctl", "postgres")
        .allMatch(b -> Files.isExecutable(bin.resolve(b)));
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static boolean userExists(String name) {
    try {
      Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void skip(String why) {
    String message =
        "\n*** "
            + why
            + ": the tests on a PostgreSQL server of their own (restarts) are SKIPPED. ***\n";
    System.err.println(message);
    Assumptions.abort(message);
  }
}
