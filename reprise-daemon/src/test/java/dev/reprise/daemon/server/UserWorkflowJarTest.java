package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar dropped into DATA_DIR/workflows is found through ServiceLoader and its workflow runs. */
class UserWorkflowJarTest {
  @TempDir Path dir;

  private static final String PROVIDER =
      """
      package acme;

      import dev.reprise.*;
      import java.util.List;

      public final class AcmeWorkflows implements WorkflowProvider {
        @Override
        public List<Workflow<?, ?>> workflows(Context context) {
          return List.of(new Greet());
        }

        public static final class Greet implements Workflow<String, String> {
          @Override
          public String name() {
            return "acme-greet";
          }

          @Override
          public String run(RunContext ctx, String who) {
            String hello = ctx.step("hello", () -> "hello " + who);
            return ctx.step("shout", () -> hello.toUpperCase());
          }
        }
      }
      """;

  /** Compiles the provider against the test class path and packs it with its service file. */
  private Path buildJar(Path into) throws IOException {
    return buildJar(into, PROVIDER);
  }

  private Path buildJar(Path into, String provider) throws IOException {
    Path src = Files.createDirectories(dir.resolve("src/acme"));
    Files.writeString(src.resolve("AcmeWorkflows.java"), provider);
    Path classes = dir.resolve("classes");
    if (Files.exists(classes)) {
      try (Stream<Path> old = Files.walk(classes)) {
        old.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "--release",
            "21",
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.resolve("AcmeWorkflows.java").toString());
    assertThat(rc).as("javac").isZero();
    Files.createDirectories(into.getParent());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(into));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, jar);
        jar.closeEntry();
      }
      jar.putNextEntry(new JarEntry("META-INF/services/dev.reprise.WorkflowProvider"));
      OutputStream out = jar;
      out.write("acme.AcmeWorkflows\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return into;
  }

  @Test
  void aWorkflowFromAJarInTheWorkflowsDirectoryRuns() throws Exception {
    Path data = dir.resolve("data");
    buildJar(data.resolve("workflows/acme.jar"));

    try (DaemonProcess d = DaemonProcess.started(data)) {
      JsonNode started = d.awaitEvent("daemon_started");
      assertThat(started.path("workflows").toString()).contains("acme-greet");
      assertThat(started.path("workflow_origins").path("acme-greet").asText())
          .contains("acme.AcmeWorkflows")
          .contains("acme.jar");

      String id =
          d.post("/api/runs", "{\"workflow\":\"acme-greet\",\"input\":\"e-17\"}")
              .body()
              .path("id")
              .asText();
      JsonNode run = d.awaitRun(id, "completed");
      assertThat(run.path("output").asText()).isEqualTo("HELLO E-17");
      assertThat(run.path("steps"))
          .extracting(s -> s.path("name").asText())
          .isEqualTo(List.of("hello", "shout"));
    }
  }

  @Test
  void aJarOtherUsersMayWriteIsRefusedNamingIt() throws Exception {
    Path data = dir.resolve("data");
    Path jar = buildJar(data.resolve("workflows/acme.jar"));
    java.nio.file.Files.setPosixFilePermissions(
        jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    try (DaemonProcess d = DaemonProcess.start(data)) {
      assertThat(d.awaitExit(java.time.Duration.ofSeconds(60))).contains(1);
      assertThat(d.stderr()).contains(jar.toString()).contains("written by other users");
    }
    java.nio.file.Files.setPosixFilePermissions(
        jar, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    try (DaemonProcess d = DaemonProcess.started(data)) {
      assertThat(d.awaitEvent("daemon_started").path("workflows").toString())
          .contains("acme-greet");
    }
  }

  @Test
  void aJarThatCannotBeReadOrAProviderThatFailsStopsTheStartNamingIt() throws Exception {
    Path data = dir.resolve("data");
    Path jar = data.resolve("workflows/acme.jar");
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, "not a zip at all");
    try (DaemonProcess d = DaemonProcess.start(data)) {
      assertThat(d.awaitExit(java.time.Duration.ofSeconds(60))).contains(1);
      assertThat(d.stderr()).contains(jar.toString()).contains("cannot be read as a jar");
      assertThat(d.events("daemon_start_failed")).hasSize(1);
    }

    for (String[] broken :
        new String[][] {
          {"return List.of(new Greet());", "throw new StackOverflowError();", "StackOverflowError"},
          {"return \"acme-greet\";", "return null;", "a workflow with no name"},
          {"return List.of(new Greet());", "return null;", "returned null"},
          {"return \"acme-greet\";", "throw new StackOverflowError();", "name() failed"},
        }) {
      buildJar(jar, PROVIDER.replace(broken[0], broken[1]));
      try (DaemonProcess d = DaemonProcess.start(data)) {
        assertThat(d.awaitExit(java.time.Duration.ofSeconds(60))).as(broken[1]).contains(1);
        assertThat(d.stderr()).as(d.describe()).contains("acme.AcmeWorkflows").contains(broken[2]);
        assertThat(d.events("daemon_start_failed")).as(broken[1]).hasSize(1);
        assertThat(d.stdout())
            .as("nothing but JSON lines on stdout")
            .allSatisfy(line -> assertThat(line).startsWith("{"));
      }
    }
  }
}
