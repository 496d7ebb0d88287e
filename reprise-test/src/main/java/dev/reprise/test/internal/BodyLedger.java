package dev.reprise.test.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A file outside the store where every start of a step body or compensation is noted, one line
 * each: the phase it happened in ({@code crash}, {@code after}, {@code reference}), its idempotency
 * key ({@code runId:seq}) and what it was. A line is written before the body runs, with one {@code
 * write} call, so it survives a SIGKILL of the process that wrote it (the kernel has it).
 */
public final class BodyLedger {
  /** What started: a step's body or a compensation. */
  public enum What {
    BODY,
    UNDO
  }

  /** One start. */
  public record Start(String phase, String key, What what, String name) {}

  private final Path file;
  private final String phase;

  public BodyLedger(Path file, String phase) {
    this.file = file;
    this.phase = phase;
  }

  /** Notes that the body or compensation of the journal entry {@code key} starts now. */
  public synchronized void started(String key, What what, String name) {
    String line = phase + '\t' + key + '\t' + what + '\t' + name.replace('\t', ' ') + '\n';
    try {
      Files.writeString(
          file,
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot note a body start in " + file, e);
    }
  }

  /** Every start noted in {@code file}, in order. */
  public static List<Start> read(Path file) {
    List<Start> starts = new ArrayList<>();
    if (!Files.exists(file)) {
      return starts;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", 4);
        if (f.length == 4) {
          starts.add(new Start(f[0], f[1], What.valueOf(f[2]), f[3]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the body starts in " + file, e);
    }
    return starts;
  }
}
