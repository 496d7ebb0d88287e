package dev.reprise.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A PgBouncer of a test's own ({@code /usr/sbin/pgbouncer}, Debian's package {@code pgbouncer}) in
 * front of a database of its own on the test PostgreSQL server, in the pool mode asked for. Skipped
 * loudly where PgBouncer is not installed.
 */
public final class OwnPgBouncer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

  private final Process process;
  private final Path dir;
  private final int port;
  private final String database;

  private OwnPgBouncer(Process process, Path dir, int port, String database) {
    this.process = process;
    this.dir = dir;
    this.port = port;
    this.database = database;
  }

  /** Starts PgBouncer with {@code pool_mode} ({@code session} or {@code transaction}). */
  public static OwnPgBouncer start(String poolMode) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      String message =
          "\n*** PgBouncer is not installed ("
              + BINARY
              + ", Debian's package pgbouncer): this"
              + " test is SKIPPED ***\n";
      System.err.println(message);
      Assumptions.abort(message);
    }
    String database = "reprise_b_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = Postgres.connect(Postgres.BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("create database " + database);
    } catch (SQLException e) {
      Postgres.createSchema(); // skips or fails as every PostgreSQL test does
      throw new IllegalStateException(e);
    }
    Path dir = Files.createTempDirectory("reprise-pgbouncer-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Files.writeString(dir.resolve("users.txt"), "\"postgres\" \"\"\n");
    Files.writeString(
        dir.resolve("pgbouncer.ini"),
        String.join(
            "\n",
            "[databases]",
            database + " = host=127.0.0.1 port=5432 dbname=" + database,
            "[pgbouncer]",
            "listen_addr = 127.0.0.1",
            "listen_port = " + port,
            "unix_socket_dir =",
            "auth_type = trust",
            "auth_file = " + dir.resolve("users.txt"),
            "pool_mode = " + poolMode,
            "default_pool_size = 20",
            "ignore_startup_parameters = extra_float_digits,options,search_path",
            "logfile = " + dir.resolve("pgbouncer.log"),
            ""));
    List<String> command = new ArrayList<>();
    if ("root".equals(ProcessHandle.current().info().user().orElse(""))) {
      command.addAll(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    }
    command.addAll(List.of(BINARY.toString(), dir.resolve("pgbouncer.ini").toString()));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    OwnPgBouncer bouncer = new OwnPgBouncer(p, dir, port, database);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return bouncer;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          String out = Files.readString(dir.resolve("out.txt"));
          bouncer.close();
          throw new IllegalStateException("PgBouncer did not start: " + out);
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
  }

  /** The JDBC URL of the database through PgBouncer. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  /** The JDBC URL of the same database, straight to the server. */
  public String directUrl() {
    return Postgres.BASE_URL.replaceFirst("/test\\?", "/" + database + "?");
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Connection c = Postgres.connect(Postgres.BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("drop database if exists " + database + " with (force)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test's database " + database, e);
    }
    try (var all = Files.walk(dir)) {
      for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
