package dev.reprise.daemon;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Reports a usage error as one line naming the problem, and exits 2. */
final class UsageErrors implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String command = cmd.getCommandSpec().qualifiedName();
    cmd.getErr().println(command + ": " + describe(e, cmd) + " (see '" + command + " --help')");
    cmd.getErr().flush();
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
