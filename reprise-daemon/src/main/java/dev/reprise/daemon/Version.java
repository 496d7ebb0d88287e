package dev.reprise.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version and the git commit the jar was built from, as the build wrote them into {@code
 * build.properties}; {@code unknown} for what the build could not tell (a build outside git).
 */
public final class Version implements IVersionProvider {

  /** The version, or {@code unknown}. */
  public static String version() {
    return read("version");
  }

  /** The commit (12 hex digits), or {@code unknown}. */
  public static String commit() {
    return read("commit");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"reprise " + version() + " (commit " + commit() + ")"};
  }

  private static String read(String key) {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    String value = p.getProperty(key, "").strip();
    // an unfiltered placeholder: built by something other than Maven
    return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
  }
}
