package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Run state has one owner (issue 12): the engine and the store name statuses, status sets, error
 * types and entry outcomes through the types that own them ({@link RunTransition}, {@link
 * StatusSet}, {@link RunFailure}, the engine's {@code SignalOutcome}), never as string literals of
 * their own that could drift from the owner's. The stored values stay as they are; only where they
 * are written down changes. Reads the main sources of {@code dev.reprise.internal}.
 */
class StateLiteralsTest {
  private static final Path INTERNAL = Path.of("src/main/java/dev/reprise/internal");

  /** A literal that only {@code owners} (file names) may hold, and why. */
  private record Rule(String what, Pattern literal, Set<String> owners) {}

  /** Released migrations are never edited: their SQL keeps the literals it was written with. */
  private static final String MIGRATIONS = "Schema.java";

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "the statuses of a held run, written out (StatusSet.HELD)",
              Pattern.compile(
                  "'running',\\s*'compensating'|'compensating',\\s*'running'"
                      + "|equals\\(\"(running|compensating)\"\\)"),
              Set.of("StatusSet.java", "RunTransition.java", MIGRATIONS)),
          new Rule(
              "a run status list written out (StatusSet.sql, RunTransition.fromSql)",
              Pattern.compile(
                  "(?<!steps\\.)status (not )?in \\('|\"\\('(pending|running|waiting|compensating"
                      + "|completed|failed|cancelled|failed_compensation)'"),
              Set.of(MIGRATIONS)),
          new Rule(
              "the error type of a cancelled run (RunFailure.CANCELLED)",
              Pattern.compile("\"cancelled\"|'cancelled'"),
              // Futures: a journal write withdrawn before it was committed, not a run's error type
              Set.of("RunFailure.java", "Futures.java")),
          new Rule(
              "the error type of a quarantined run (RunFailure.QUARANTINED)",
              Pattern.compile("\"quarantined\""),
              Set.of("RunFailure.java")),
          new Rule(
              "the outcome of a signal entry (SignalOutcome)",
              Pattern.compile("\"signal-timed-out\""),
              Set.of("SignalOutcome.java")));

  @Test
  void stateLiteralsAreWrittenOnlyWhereTheirOwnerIs() throws IOException {
    assertThat(INTERNAL.resolve("store/StatusSet.java"))
        .as("run from the module's directory, as Maven does")
        .exists();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(INTERNAL)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String name = file.getFileName().toString();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          for (Rule rule : RULES) {
            if (!rule.owners().contains(name) && rule.literal().matcher(lines.get(i)).find()) {
              found.add(
                  INTERNAL.relativize(file)
                      + ":"
                      + (i + 1)
                      + ": "
                      + rule.what()
                      + ": "
                      + lines.get(i).strip());
            }
          }
        }
      }
    }
    assertThat(found).as("literals that belong to an owner type").isEmpty();
  }
}
