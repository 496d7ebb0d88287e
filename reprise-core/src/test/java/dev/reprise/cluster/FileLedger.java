package dev.reprise.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A ledger in a file of one node, for tests that take the database away: each body start and each
 * effect is one line written with a single {@code write} to a file opened with {@code O_APPEND}, so
 * what a node noted survives the server and the node. Lines: {@code start RUN SEQ NODE MILLIS} and
 * {@code effect KEY RUN SEQ NODE MILLIS}; the test reads them all after the fact, so effects are
 * counted per key there rather than applied once here.
 */
public final class FileLedger implements StepLedger {
  private final String node;
  private final OutputStream out;

  FileLedger(Path file, String node) throws IOException {
    this.node = node;
    this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public synchronized void started(String runId, int seq) throws IOException {
    write("start " + runId + " " + seq + " " + node + " " + System.currentTimeMillis());
  }

  @Override
  public synchronized void apply(String key, String runId, int seq) throws IOException {
    write(
        "effect " + key + " " + runId + " " + seq + " " + node + " " + System.currentTimeMillis());
  }

  private void write(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** A body start read back from a ledger file. */
  public record Start(String runId, int seq, String node, long atMillis) {}

  /** The body starts noted in {@code file}. */
  public static List<Start> starts(Path file) throws IOException {
    return lines(file, "start ").stream()
        .map(f -> new Start(f[1], Integer.parseInt(f[2]), f[3], Long.parseLong(f[4])))
        .toList();
  }

  /** The keys of the effects applied in {@code file}, one per application. */
  public static List<String> effects(Path file) throws IOException {
    return lines(file, "effect ").stream().map(f -> f[1]).toList();
  }

  private static List<String[]> lines(Path file, String kind) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> l.startsWith(kind)).map(l -> l.split(" ")).toList();
    }
  }
}
