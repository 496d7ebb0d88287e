package dev.reprise.optional;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL driver and HikariCP are optional dependencies of reprise-core: an application on
 * SQLite runs without them, and one that asks for PostgreSQL without them is told which artifact to
 * add. Each case runs in a child JVM whose class path is this test's without those jars.
 */
class PostgresLibrariesTest {
  private static final Predicate<String> DRIVER = e -> jarName(e).startsWith("postgresql-");
  private static final Predicate<String> HIKARI = e -> jarName(e).startsWith("HikariCP-");

  @Test
  void theClassPathOfTheseTestsHoldsBothLibraries() {
    assertThat(classPath()).anyMatch(DRIVER).anyMatch(HIKARI);
  }

  @Test
  void anApplicationOnSqliteRunsWithoutThePostgresLibraries() throws Exception {
    assertThat(probe("sqlite", DRIVER.or(HIKARI))).isEqualTo("completed x-a-b-c");
  }

  @Test
  void postgresByUrlWithoutEitherLibraryNamesBothArtifacts() throws Exception {
    assertThat(probe("url", DRIVER.or(HIKARI)))
        .startsWith("InvalidConfigurationException field=postgres: postgres: postgres(url) needs")
        .contains("org.postgresql:postgresql")
        .contains("com.zaxxer:HikariCP")
        .contains("add them as dependencies");
  }

  @Test
  void postgresByUrlWithTheDriverButWithoutHikariNamesHikari() throws Exception {
    assertThat(probe("url", HIKARI))
        .startsWith("InvalidConfigurationException field=postgres:")
        .contains("com.zaxxer:HikariCP")
        .doesNotContain("org.postgresql:postgresql");
  }

  @Test
  void postgresByDataSourceWithoutTheDriverNamesTheDriverOnly() throws Exception {
    assertThat(probe("datasource", DRIVER.or(HIKARI)))
        .startsWith("InvalidConfigurationException field=postgres: postgres: postgres(dataSource)")
        .contains("org.postgresql:postgresql")
        .doesNotContain("HikariCP");
  }

  @Test
  void postgresByUrlWithBothLibrariesGetsAsFarAsConnecting() throws Exception {
    assertThat(probe("url", e -> false)).startsWith("StoreUnavailableException:");
  }

  @Test
  void postgresByDataSourceNeedsTheDriverButNotHikari() throws Exception {
    assertThat(probe("datasource", HIKARI)).startsWith("StoreUnavailableException:");
  }

  private static List<String> classPath() {
    return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  private static String jarName(String entry) {
    return Path.of(entry).getFileName().toString();
  }

  /** Runs {@link StoreProbe} without the class path entries {@code without} matches. */
  private static String probe(String mode, Predicate<String> without) throws Exception {
    String cp =
        classPath().stream()
            .filter(without.negate())
            .collect(Collectors.joining(File.pathSeparator));
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                cp,
                StoreProbe.class.getName(),
                mode)
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(text).isNotEmpty();
    return lines.get(lines.size() - 1);
  }
}
