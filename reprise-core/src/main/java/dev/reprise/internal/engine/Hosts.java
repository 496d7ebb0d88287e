package dev.reprise.internal.engine;

/** This machine's name, for node ids and node rows. */
public final class Hosts {
  private Hosts() {}

  public static String name() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
    }
    return host;
  }
}
