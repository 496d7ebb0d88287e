package dev.reprise.daemon;

import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a usage error as one line on stderr naming the problem, and exits 2. With {@code --json}
 * on the command line, also as the last line of stdout: {@code {"error": "usage", "message": ...}}.
 */
final class UsageErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String command = cmd.getCommandSpec().qualifiedName();
    String problem = describe(e, cmd);
    cmd.getErr().println(command + ": " + problem + " (see '" + command + " --help')");
    cmd.getErr().flush();
    if (ErrorJson.requested(Arrays.asList(args))) {
      ErrorJson.print(cmd.getOut(), ErrorJson.USAGE, command + ": " + problem);
    }
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String describe(ParameterException e, CommandLine cmd) {
    if (e instanceof UnmatchedArgumentException unmatched && !cmd.getSubcommands().isEmpty()) {
      List<String> args = unmatched.getUnmatched();
      if (!args.isEmpty() && !args.get(0).startsWith("-")) {
        return "unknown command '"
            + args.get(0)
            + "', one of: "
            + String.join(", ", cmd.getSubcommands().keySet());
      }
    }
    return e.getMessage();
  }
}
