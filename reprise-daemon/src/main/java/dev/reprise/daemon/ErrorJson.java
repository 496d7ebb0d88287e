package dev.reprise.daemon;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.RepriseException;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunStateException;
import dev.reprise.ScheduleNotFoundException;
import dev.reprise.StoreUnavailableException;
import dev.reprise.UnknownWorkflowException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} error contract: a command that fails while asked for JSON prints one object
 * {@code {"error": CODE, "message": TEXT, ...}} as the last line of stdout, besides the line on
 * stderr, so that a script reads the outcome of every call from stdout. Codes: {@code usage} (exit
 * 2), the API's own codes for refused calls ({@code run_not_found}, {@code wrong_status}, {@code
 * invalid_field}, ..., with {@code http_status} and {@code field}), and the CLI's ({@code
 * daemon_not_running}, {@code daemon_unreachable}, {@code no_database}, {@code store_unavailable},
 * {@code failed}, ...).
 */
public final class ErrorJson {
  /** The code of a usage error: a bad or missing argument or option, an unknown command. */
  public static final String USAGE = "usage";

  private ErrorJson() {}

  /** Whether the command line asks for JSON: {@code --json} among the options. */
  public static boolean requested(List<String> args) {
    for (String a : args) {
      if (a.equals("--")) {
        return false;
      }
      if (a.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /** Prints the error object as one line and flushes. */
  public static void print(PrintWriter out, String code, String message) {
    print(out, object(code, message));
  }

  static void print(PrintWriter out, Map<String, Object> error) {
    out.println(CliJson.write(error));
    out.flush();
  }

  static Map<String, Object> object(String code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", code);
    m.put("message", message);
    return m;
  }

  /** The object for an exception a command threw. */
  static Map<String, Object> of(Exception e, String message) {
    if (e instanceof CommandFailure f) {
      Map<String, Object> m = object(f.code(), message);
      if (f.httpStatus() != 0) {
        m.put("http_status", f.httpStatus());
      }
      if (f.field() != null) {
        m.put("field", f.field());
      }
      m.putAll(f.details());
      return m;
    }
    Map<String, Object> m = object(code(e), message);
    if (e instanceof InvalidConfigurationException c) {
      m.put("field", c.field());
    }
    return m;
  }

  private static String code(Exception e) {
    return switch (e) {
      case RunNotFoundException n -> "run_not_found";
      case ScheduleNotFoundException n -> "schedule_not_found";
      case RunStateException s -> "wrong_status";
      case UnknownWorkflowException u -> "unknown_workflow";
      case InvalidConfigurationException c -> "invalid_configuration";
      case StoreUnavailableException s -> "store_unavailable";
      case RepriseException r -> CommandFailure.FAILED;
      case java.io.IOException io -> "io_error";
      default -> "internal_error";
    };
  }
}
