package dev.reprise.daemon.server;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprise.daemon.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon in a child JVM on the test class path (so the test workflows are registered),
 * started with {@code reprise daemon --json} on a free port, with the JVM options of the launcher.
 * Collects its log lines and answers API calls for the test.
 */
final class DaemonProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;
  private final Path dataDir;
  private final List<String> out = new CopyOnWriteArrayList<>();
  private final List<String> err = new CopyOnWriteArrayList<>();
  private final CountDownLatch outClosed = new CountDownLatch(1);
  private final CountDownLatch errClosed = new CountDownLatch(1);

  private DaemonProcess(Process process, Path dataDir) {
    this.process = process;
    this.dataDir = dataDir;
    // platform threads: a reader must never wait for a carrier while the daemon waits for it
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              collect(process.getInputStream(), out);
              outClosed.countDown();
            });
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              collect(process.getErrorStream(), err);
              errClosed.countDown();
            });
  }

  /** Starts a daemon on {@code dataDir} with any free port; more arguments are appended. */
  static DaemonProcess start(Path dataDir, Map<String, String> env, String... args)
      throws IOException {
    return start(List.of(), dataDir, env, args);
  }

  /**
   * Starts a daemon whose process has this umask (say {@code 000}, so that nothing but the daemon's
   * own care keeps its files private).
   */
  static DaemonProcess startUnderUmask(
      String umask, Path dataDir, Map<String, String> env, String... args) throws IOException {
    return start(
        List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"), dataDir, env, args);
  }

  /** Starts a daemon whose parent left SIGHUP ignored, as {@code nohup} does. */
  static DaemonProcess startWithHupIgnored(Path dataDir, String... args) throws IOException {
    return start(List.of("sh", "-c", "trap '' HUP && exec \"$@\"", "sh"), dataDir, Map.of(), args);
  }

  private static DaemonProcess start(
      List<String> prefix, Path dataDir, Map<String, String> env, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // as the reprise launcher runs it
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+DisplayVMOutputToStderr",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "daemon",
            "--json",
            "--data-dir",
            dataDir.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("REPRISE_"));
    pb.environment().put("REPRISE_HTTP_PORT", "0");
    pb.environment().put("REPRISE_TICK_INTERVAL", "100ms");
    pb.environment().putAll(env);
    return new DaemonProcess(pb.start(), dataDir);
  }

  static DaemonProcess start(Path dataDir, String... args) throws IOException {
    return start(dataDir, Map.of(), args);
  }

  /** Starts one and waits until it serves. */
  static DaemonProcess started(Path dataDir, String... args) throws IOException {
    DaemonProcess d = start(dataDir, args);
    d.awaitEvent("daemon_started");
    return d;
  }

  private static void collect(InputStream in, List<String> lines) {
    try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process is gone
    }
  }

  long pid() {
    return process.pid();
  }

  Path dataDir() {
    return dataDir;
  }

  List<String> stdout() {
    return out;
  }

  /**
   * The last line of stdout, as JSON, once the process has exited and all of its output is read:
   * with {@code --json}, where a failure's {@code {"error", "message"}} object is.
   */
  JsonNode lastStdoutLine() throws IOException, InterruptedException {
    if (!outClosed.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("stdout still open 30 s on\n" + describe());
    }
    return JSON.readTree(out.get(out.size() - 1));
  }

  String stderr() {
    return String.join("\n", err);
  }

  String describe() {
    return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + stderr();
  }

  /** The log events of this name so far. */
  List<JsonNode> events(String event) {
    List<JsonNode> found = new ArrayList<>();
    for (String line : out) {
      try {
        JsonNode n = JSON.readTree(line);
        if (event.equals(n.path("event").asText())) {
          found.add(n);
        }
      } catch (IOException e) {
        // not a JSON line
      }
    }
    return found;
  }

  /** Waits for the first event of this name after {@code seen} earlier ones. */
  JsonNode awaitEvent(String event, int seen) {
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .failFast(() -> !process.isAlive() && events(event).size() <= seen)
          .until(() -> events(event).size() > seen);
    } catch (org.awaitility.core.ConditionTimeoutException
        | org.awaitility.core.TerminalFailureException e) {
      throw new AssertionError(
          "no event " + event + " (#" + (seen + 1) + ") from the daemon\n" + describe(), e);
    }
    return events(event).get(seen);
  }

  JsonNode awaitEvent(String event) {
    return awaitEvent(event, 0);
  }

  /** Sends a signal by name with the {@code kill} command. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -s " + name + " failed");
    }
  }

  /** SIGKILL, and waits until the process is gone. */
  void killHard() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the process to end and its output to be read to the end. */
  Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return Optional.empty();
    }
    outClosed.await(10, TimeUnit.SECONDS);
    errClosed.await(10, TimeUnit.SECONDS);
    return Optional.of(process.exitValue());
  }

  boolean isAlive() {
    return process.isAlive();
  }

  URI base() throws IOException {
    JsonNode endpoint = JSON.readTree(Files.readString(new DataDir(dataDir).endpointFile()));
    return URI.create("http://127.0.0.1:" + endpoint.path("http_port").asInt());
  }

  String token() throws IOException {
    return ApiToken.read(new DataDir(dataDir).tokenFile());
  }

  /** A GET with the token; the status and the body parsed as JSON. */
  Answer get(String path) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base().resolve(path))
            .header("Authorization", "Bearer " + token())
            .GET());
  }

  /** A GET with no token. */
  Answer getWithoutToken(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base().resolve(path)).GET());
  }

  String readToken() throws IOException {
    return ApiToken.read(new DataDir(dataDir).readTokenFile());
  }

  /** A POST with the token. */
  Answer post(String path, String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base().resolve(path))
            .header("Authorization", "Bearer " + token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      body = JSON.getNodeFactory().textNode(r.body());
    }
    return new Answer(r.statusCode(), body, r.headers());
  }

  record Answer(int status, JsonNode body, java.net.http.HttpHeaders headers) {}

  /** Waits until the run has this status. */
  JsonNode awaitRun(String id, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> get("/api/runs/" + id).body().path("status").asText().equals(status));
    try {
      return get("/api/runs/" + id).body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      killHard();
    }
  }
}
