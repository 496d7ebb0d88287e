package dev.reprise.daemon;

import picocli.CommandLine.IVersionProvider;

/** The version written into the runnable jar's manifest at build. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"reprise " + (version == null ? "(development build)" : version)};
  }
}
