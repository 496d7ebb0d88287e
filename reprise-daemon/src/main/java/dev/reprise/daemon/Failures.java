package dev.reprise.daemon;

import dev.reprise.RepriseException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a command's failure as one line, and exits 1. Expected failures ({@link CommandFailure},
 * Reprise's own exceptions) print their message; anything else names its type too.
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
    return cmd.getCommandSpec().exitCodeOnExecutionException();
  }
}
