package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's files are its user's alone, whatever the umask: the data directory 0700, the
 * database (with its -wal and -shm), the tokens and the run files 0600. Where the tests run as
 * root, another user ({@code nobody}) tries to read them.
 */
class DataSecurityTest {
  private static final String SECRET = "card-4111111111111111";

  @TempDir Path dir;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  /** A data directory another user could reach, if its own modes let them. */
  private Path reachableDataDir() throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir.resolve("data");
  }

  private static void submitSecret(DaemonProcess d) throws Exception {
    var a =
        d.post(
            "/api/runs",
            "{\"workflow\":\"expense\",\"input\":{\"claimId\":\""
                + SECRET
                + "\",\"employee\":\"e\",\"amountCents\":1}}");
    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
    d.awaitRun(a.body().path("id").asText(), "waiting");
  }

  @Test
  void underAUmaskOf000TheDataDirectoryIs0700AndEveryFileIn0600() throws Exception {
    Path data = reachableDataDir();
    try (DaemonProcess d = DaemonProcess.startUnderUmask("000", data, Map.of())) {
      d.awaitEvent("daemon_started");
      submitSecret(d);
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("run"))).isEqualTo("rwx------");
      for (String file :
          List.of(
              "reprise.db",
              "reprise.db-wal",
              "reprise.db-shm",
              "token",
              "read-token",
              "run/daemon.pid",
              "run/daemon.json",
              "examples-ledger.db")) {
        assertThat(mode(data.resolve(file))).as(file).isEqualTo("rw-------");
      }
      assertThat(d.events("file_mode_tightened")).as("nothing was loose").isEmpty();
    }
  }

  @Test
  void anotherLocalUserCanReadNoneOfTheDataAndNoRunThroughTheApi() throws Exception {
    Assumptions.assumeTrue(
        OtherUser.available(),
        "runs only as root (runuser -u nobody); DataSecurityTest checks the modes otherwise");
    Path data = reachableDataDir();
    try (DaemonProcess d = DaemonProcess.startUnderUmask("000", data, Map.of())) {
      d.awaitEvent("daemon_started");
      submitSecret(d);
      for (String file :
          List.of("reprise.db", "reprise.db-wal", "reprise.db-shm", "token", "read-token")) {
        OtherUser.Result cat = OtherUser.run("cat", data.resolve(file).toString());
        assertThat(cat.exitCode()).as(file + ": " + cat.output()).isNotZero();
        assertThat(cat.output()).doesNotContain(SECRET).contains("Permission denied");
      }
      OtherUser.Result list = OtherUser.run("ls", data.toString());
      assertThat(list.exitCode()).as(list.output()).isNotZero();

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path probe = dir.resolve("Probe.java");
      Files.writeString(
          probe,
          """
          public class Probe {
            public static void main(String[] a) throws Exception {
              var r = java.net.http.HttpClient.newHttpClient().send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(a[0])).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
              System.out.println(r.statusCode() + " " + r.body());
            }
          }
          """);
      Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rw-r--r--"));
      for (String path : List.of("/api/runs", "/api/status")) {
        OtherUser.Result get = OtherUser.run(java, probe.toString(), d.base() + path);
        assertThat(get.output()).as(path).startsWith("401 ").doesNotContain(SECRET);
      }
    }
  }

  @Test
  void looserFilesFoundAtStartAreTightenedWithAWarningNamingEach() throws Exception {
    Path data = dir.resolve("data");
    try (DaemonProcess first = DaemonProcess.started(data)) {
      submitSecret(first);
      first.signal("TERM");
      assertThat(first.awaitExit(Duration.ofSeconds(60))).contains(0);
    }
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String file : List.of("reprise.db", "token", "read-token", "run/daemon.pid")) {
      Files.setPosixFilePermissions(
          data.resolve(file), PosixFilePermissions.fromString("rw-rw-rw-"));
    }
    try (DaemonProcess d = DaemonProcess.started(data)) {
      List<JsonNode> tightened = d.events("file_mode_tightened");
      assertThat(tightened)
          .extracting(e -> Path.of(e.path("file").asText()).getFileName().toString())
          .containsExactlyInAnyOrder("data", "reprise.db", "token", "read-token", "daemon.pid");
      assertThat(tightened).allSatisfy(e -> assertThat(e.path("level").asText()).isEqualTo("warn"));
      assertThat(tightened)
          .filteredOn(e -> e.path("file").asText().endsWith("token"))
          .allSatisfy(
              e -> {
                assertThat(e.path("was").asText()).isEqualTo("rw-rw-rw-");
                assertThat(e.path("now").asText()).isEqualTo("rw-------");
              });
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("reprise.db"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("token"))).isEqualTo("rw-------");
      assertThat(d.get("/api/status").status()).isEqualTo(200);
    }
  }

  @Test
  void aWeakOrEmptyTokenFileStopsTheStartSayingHowToMakeANewOne() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path token = data.resolve("token");
    Files.writeString(token, "a\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));
    try (DaemonProcess weak = DaemonProcess.start(data)) {
      assertThat(weak.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(weak.stderr())
          .contains(token.toString())
          .contains("weak token")
          .contains("delete the file and start the daemon again");
      assertThat(weak.events("file_mode_tightened"))
          .anySatisfy(e -> assertThat(e.path("file").asText()).isEqualTo(token.toString()));
    }
    assertThat(mode(token)).isEqualTo("rw-------");
    assertThat(Files.readString(token)).as("the file is left for the operator").isEqualTo("a\n");

    for (String weak :
        List.of(
            "",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ab" + "c".repeat(41),
            "Password1".repeat(5),
            "0123456789abcdef0123456789abcdef")) {
      Files.writeString(token, weak);
      try (DaemonProcess d = DaemonProcess.start(data)) {
        assertThat(d.awaitExit(Duration.ofSeconds(60))).as(weak).contains(1);
        assertThat(d.stderr()).contains(weak.isEmpty() ? "is empty" : "weak token");
      }
    }

    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    String strong = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.writeString(token, strong + "\n");
    try (DaemonProcess d = DaemonProcess.started(data)) {
      assertThat(d.token()).isEqualTo(strong);
      assertThat(HexFormat.isHexDigit(d.readToken().charAt(0))).isTrue();
      assertThat(d.readToken()).hasSize(64);
    }
  }

  @Test
  void aTokenThatIsAPipeOrADirectoryAndAPidFileThatIsALinkStopTheStartNamingThem()
      throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path token = data.resolve("token");
    Process mkfifo = new ProcessBuilder("mkfifo", token.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    try (DaemonProcess d = DaemonProcess.start(data)) {
      assertThat(d.awaitExit(Duration.ofSeconds(60))).as("not stuck reading a pipe").contains(1);
      assertThat(d.stderr()).contains(token.toString()).contains("not a plain file");
    }
    Files.delete(token);
    Files.createDirectories(token);
    try (DaemonProcess d = DaemonProcess.start(data)) {
      assertThat(d.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(d.stderr()).contains(token.toString()).contains("not a plain file");
    }
    Files.delete(token);

    Path victim = dir.resolve("victim");
    Files.writeString(victim, "keep me");
    Path pid = data.resolve("run/daemon.pid");
    Files.deleteIfExists(pid); // left by the starts above
    Files.createSymbolicLink(pid, victim);
    try (DaemonProcess d = DaemonProcess.start(data)) {
      assertThat(d.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(d.stderr()).contains(pid.toString()).contains("symbolic link");
    }
    assertThat(Files.readString(victim)).isEqualTo("keep me");
  }

  @Test
  void aLinkAmongTheDaemonsFilesStopsTheStartAndNothingItNamesIsTouched() throws Exception {
    Path victim = dir.resolve("victim.txt");
    Files.writeString(victim, "keep me");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
    Path victimDir = Files.createDirectories(dir.resolve("victim-dir"));
    Files.writeString(victimDir.resolve("daemon.pid"), "important");
    Path elsewhere = dir.resolve("elsewhere/loot.db");
    Files.createDirectories(elsewhere.getParent());
    for (String[] plant :
        new String[][] {
          {"reprise.db", elsewhere.toString()},
          {"token", victim.toString()},
          {"run", victimDir.toString()}
        }) {
      Path data = dir.resolve("data-" + plant[0]);
      Files.createDirectories(data);
      Path link = Files.createSymbolicLink(data.resolve(plant[0]), Path.of(plant[1]));
      try (DaemonProcess d = DaemonProcess.start(data)) {
        assertThat(d.awaitExit(Duration.ofSeconds(60))).as(plant[0]).contains(1);
        assertThat(d.stderr()).as(plant[0]).contains(link.toString()).contains("symbolic link");
      }
    }
    assertThat(Files.exists(elsewhere)).as("no database made where the link pointed").isFalse();
    assertThat(mode(victim)).as("the target's mode is left alone").isEqualTo("rw-r--r--");
    assertThat(Files.readString(victimDir.resolve("daemon.pid"))).isEqualTo("important");
  }

  @Test
  void aFileOwnedByAnotherUserStopsTheStartNamingIt() throws Exception {
    Assumptions.assumeTrue(
        OtherUser.available(), "runs only as root, which can give a file to another user");
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path token = data.resolve("token");
    Files.writeString(token, "0123456789abcdef".repeat(4));
    Files.setOwner(
        token,
        token
            .getFileSystem()
            .getUserPrincipalLookupService()
            .lookupPrincipalByName(OtherUser.NAME));
    try (DaemonProcess d = DaemonProcess.start(data)) {
      assertThat(d.awaitExit(Duration.ofSeconds(60))).contains(1);
      assertThat(d.stderr())
          .contains(token.toString())
          .contains("owned by " + OtherUser.NAME)
          .contains("chown");
    }
  }
}
