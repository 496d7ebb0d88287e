package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private DaemonConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
    return ConfigLoader.load(file, dir, env);
  }

  @Test
  void anEmptyMappingAndAnEmptyFileMeanEveryDefault() throws Exception {
    DaemonConfig empty = load("{}", Map.of());
    DaemonConfig blank = load("", Map.of());
    DaemonConfig none = ConfigLoader.load(null, dir, Map.of());

    assertThat(empty.asMap()).isEqualTo(none.asMap()).isEqualTo(blank.asMap());
    assertThat(none.httpHost()).isEqualTo("127.0.0.1");
    assertThat(none.httpPort()).isEqualTo(7420);
    assertThat(none.sqlitePath()).isEqualTo(dir.resolve("reprise.db").toAbsolutePath());
    assertThat(none.gracefulTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(none.store()).isEqualTo(DaemonConfig.StoreKind.SQLITE);
  }

  @Test
  void nestedAndDottedKeysAreRead() throws Exception {
    DaemonConfig c = load("http:\n  port: 9000\nengine:\n  poll_interval: 250ms\n", Map.of());

    assertThat(c.httpPort()).isEqualTo(9000);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void anUnknownKeyIsAnErrorNamingIt() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> load("http:\n  prot: 1\n", Map.of()));

    assertThat(e.key()).isEqualTo("http.prot");
    assertThat(e.getMessage()).contains("unknown key 'http.prot'").contains("http.port");
  }

  @Test
  void aKeyGivenTwiceIsAnErrorNamingIt() {
    for (String[] yaml :
        new String[][] {
          {"http:\n  port: 9000\n  port: 9001\n", "http.port"},
          {"sweep_interval: 30s\nsweep_interval: 45s\n", "sweep_interval"},
          {"engine:\n  poll_interval: 1s\nengine.poll_interval: 2s\n", "engine.poll_interval"},
          {"log:\n  level: info\nlog:\n  format: json\n", "log"}
        }) {
      ConfigException e =
          catchThrowableOfType(ConfigException.class, () -> load(yaml[0], Map.of()));
      assertThat(e).as(yaml[0]).isNotNull();
      assertThat(e.key()).as(yaml[0]).isEqualTo(yaml[1]);
      assertThat(e.getMessage()).as(yaml[0]).contains("'" + yaml[1] + "' is given twice");
    }
  }

  @Test
  void aValueOfTheWrongTypeOrRangeIsAnErrorNamingTheKey() {
    assertThat(
            catchThrowableOfType(ConfigException.class, () -> load("http: {port: abc}", Map.of()))
                .getMessage())
        .contains("http.port")
        .contains("abc");
    assertThat(
            catchThrowableOfType(
                    ConfigException.class, () -> load("graceful_timeout: 2h", Map.of()))
                .key())
        .isEqualTo("graceful_timeout");
    assertThat(
            catchThrowableOfType(ConfigException.class, () -> load("log: {level: loud}", Map.of()))
                .key())
        .isEqualTo("log.level");
    assertThat(
            catchThrowableOfType(ConfigException.class, () -> load("store: postgres", Map.of()))
                .key())
        .isEqualTo("postgres.url");
    assertThat(
            catchThrowableOfType(ConfigException.class, () -> load("- a\n- b\n", Map.of()))
                .getMessage())
        .contains("mapping");
  }

  @Test
  void environmentVariablesOverrideTheFileAndAreNamedInErrors() throws Exception {
    DaemonConfig c =
        load(
            "http:\n  port: 9000\n",
            Map.of("REPRISE_HTTP_PORT", "9100", "REPRISE_LOG_LEVEL", "debug"));
    assertThat(c.httpPort()).isEqualTo(9100);
    assertThat(c.logLevel()).isEqualTo("debug");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> load("{}", Map.of("REPRISE_TICK_INTERVAL", "soon")));
    assertThat(e.getMessage()).contains("REPRISE_TICK_INTERVAL").contains("tick_interval");
  }

  @Test
  void thePostgresPasswordIsMaskedInTheEffectiveConfig() throws Exception {
    DaemonConfig c =
        load(
            "store: postgres\npostgres:\n  url: jdbc:postgresql://db/reprise?user=r&password=s3cret\n",
            Map.of());

    assertThat(c.asMap().get("postgres.url").toString()).doesNotContain("s3cret").contains("***");
  }

  @Test
  void aHostBeyondLoopbackNeedsTheOptInAndAKeystoreAndLoopbackNeedsNeither() throws Exception {
    assertThat(
            catchThrowableOfType(
                    ConfigException.class, () -> load("http: {host: 0.0.0.0}", Map.of()))
                .key())
        .isEqualTo("http.allow_remote");
    assertThat(
            catchThrowableOfType(
                    ConfigException.class,
                    () -> load("http: {host: 0.0.0.0, allow_remote: true}", Map.of()))
                .key())
        .isEqualTo("http.tls.keystore");
    DaemonConfig remote =
        load(
            "http:\n  host: 0.0.0.0\n  allow_remote: true\n  tls:\n    keystore: api.p12\n",
            Map.of("REPRISE_HTTP_TLS_KEYSTORE_PASSWORD", "pw-secret"));
    assertThat(remote.tls()).isTrue();
    assertThat(remote.tlsKeystore()).isEqualTo(dir.resolve("api.p12").toAbsolutePath());
    assertThat(remote.asMap().get("http.tls.keystore_password")).isEqualTo("***");
    assertThat(remote.asMap().toString()).doesNotContain("pw-secret");
    for (String host : List.of("127.0.0.1", "localhost", "::1", "127.0.0.2")) {
      assertThat(load("http: {host: '" + host + "'}", Map.of()).tls()).as(host).isFalse();
    }
  }

  @Test
  void aPasswordInThePostgresUrlsAuthorityIsMaskedToo() throws Exception {
    DaemonConfig c =
        load(
            "store: postgres\npostgres:\n  url: jdbc:postgresql://reprise:p@ss@db:5432/reprise\n",
            Map.of());
    assertThat(c.asMap().get("postgres.url").toString())
        .isEqualTo("jdbc:postgresql://reprise:***@db:5432/reprise");
  }

  @Test
  void everyKeyIsDocumentedWithItsDefaultAndEnvironmentVariable() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ConfigKey k : ConfigKey.ALL.values()) {
      assertThat(doc).as(k.name()).contains("`" + k.name() + "`").contains("`" + k.envName() + "`");
      if (!k.defaultValue().isEmpty()) {
        assertThat(doc).as(k.name() + " default").contains("`" + k.defaultValue() + "`");
      }
    }
  }
}
