package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.reprise.RepriseClient;
import dev.reprise.RunInfo;
import dev.reprise.StepInfo;
import dev.reprise.daemon.CliJson;
import dev.reprise.daemon.ops.StoreOptions;
import dev.reprise.daemon.server.PrivateFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code reprise export ID}: a run's whole journal as JSON lines, for support. Reads the database
 * read-only, so it works with the daemon down (or running).
 *
 * <p>The first line is the run ({@code "record": "run"}), then one line per journal entry ({@code
 * "record": "step"}), every field as stored, payloads as the JSON strings the store holds.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a run's whole journal as JSON lines, for support.",
      "",
      "Reads the database read-only; works with the daemon down. Line 1 is the run, then one line"
          + " per journal entry."
    })
public final class ExportCommand implements Callable<Integer> {
  private static final ObjectMapper LINES =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The run's id.")
  String id;

  @Mixin StoreOptions store;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the lines to FILE instead of stdout.")
  Path output;

  @Option(
      names = "--json",
      description = "With --output: print a JSON summary (run_id, lines, file) instead of text.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    RunInfo run;
    try (RepriseClient client = store.target().openReadOnly()) {
      run = client.run(id);
    }
    List<String> lines = lines(run);
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      lines.forEach(out::println);
      out.flush();
      return 0;
    }
    // the lines hold the run's inputs and outputs: a new file, readable by its owner only, as the
    // store, replaces FILE whole
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l).append('\n'));
    PrivateFiles.write(output, text.toString());
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        json
            ? CliJson.write(Map.of("run_id", id, "lines", lines.size(), "file", output.toString()))
            : "exported run " + id + " (" + lines.size() + " lines) to " + output);
    out.flush();
    return 0;
  }

  private static List<String> lines(RunInfo run) {
    ObjectNode head = LINES.valueToTree(run);
    head.remove("steps");
    head.put("record", "run");
    head.put("status", run.status().label());
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    lines.add(head.toString());
    for (StepInfo s : run.steps()) {
      ObjectNode step = LINES.valueToTree(s);
      step.put("record", "step");
      step.put("run_id", run.id());
      step.put("kind", s.kind().label());
      step.put("status", s.status().label());
      lines.add(step.toString());
    }
    return lines;
  }
}
