package dev.reprise.daemon;

import dev.reprise.RepriseException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a command's failure as one line on stderr, and exits 1. Expected failures ({@link
 * CommandFailure}, Reprise's own exceptions) print their message; anything else names its type too.
 * With {@code --json}, the failure is also the last line of stdout, as one JSON object ({@link
 * ErrorJson}).
 */
final class Failures implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    String message =
        e instanceof CommandFailure || e instanceof RepriseException
            ? e.getMessage()
            : e.getClass().getSimpleName() + ": " + e.getMessage();
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message);
    cmd.getErr().flush();
    if (ErrorJson.requested(parsed.originalArgs())) {
      ErrorJson.print(cmd.getOut(), ErrorJson.of(e, message));
    }
    return cmd.getCommandSpec().exitCodeOnExecutionException();
  }
}
