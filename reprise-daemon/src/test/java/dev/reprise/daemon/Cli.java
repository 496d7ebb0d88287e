package dev.reprise.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the {@code reprise} command in this JVM and captures what it printed. */
public final class Cli {
  private Cli() {}

  /** What a command printed, and its exit code. */
  public record Result(int exitCode, String out, String err) {
    public List<String> outLines() {
      return out.lines().toList();
    }

    /** The last line of stdout: where {@code --json} puts its object. */
    public String lastLine() {
      List<String> lines = outLines();
      return lines.get(lines.size() - 1);
    }

    /** For assertion messages. */
    public String describe() {
      return String.format("exit %d%nstdout:%n%s%nstderr:%n%s", exitCode, out, err);
    }
  }

  public static Result reprise(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
