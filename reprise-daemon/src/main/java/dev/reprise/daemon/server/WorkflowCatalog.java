package dev.reprise.daemon.server;

import dev.reprise.Workflow;
import dev.reprise.WorkflowProvider;
import dev.reprise.examples.ExampleWorkflows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the daemon's workflows through {@link ServiceLoader}: the {@link WorkflowProvider}s on the
 * class path (the bundled examples among them, unless {@code workflows.examples} is false), then
 * those in the jars of the workflows directory. Two workflows with one name are an error naming
 * both providers.
 */
public final class WorkflowCatalog {

  /** The workflows found, and where each came from (provider class, and its jar if any). */
  public record Found(List<Workflow<?, ?>> workflows, Map<String, String> origins) {}

  private WorkflowCatalog() {}

  /** Loads them as the daemon with this config and data directory does. */
  public static Found load(DaemonConfig config, Path dataDir) {
    WorkflowProvider.Context context = new WorkflowProvider.Context(dataDir);
    List<Workflow<?, ?>> workflows = new ArrayList<>();
    Map<String, String> origins = new LinkedHashMap<>();
    ClassLoader app = WorkflowCatalog.class.getClassLoader();
    try {
      for (WorkflowProvider p : ServiceLoader.load(WorkflowProvider.class, app)) {
        if (!config.examples() && p instanceof ExampleWorkflows) {
          continue;
        }
        add(p, p.getClass().getName(), context, workflows, origins);
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new ConfigException("workflows", "cannot load a workflow provider: " + e.getMessage());
    }
    List<Path> jars = jars(config.workflowsDir());
    if (!jars.isEmpty()) {
      URLClassLoader loader = new URLClassLoader("reprise-workflows", urls(jars), app);
      try {
        for (var p : ServiceLoader.load(WorkflowProvider.class, loader).stream().toList()) {
          if (p.type().getClassLoader() != loader) {
            continue; // on the class path, loaded above
          }
          String origin = p.type().getName() + " in " + jarOf(p.type(), jars);
          add(p.get(), origin, context, workflows, origins);
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        throw new ConfigException(
            "workflows.dir",
            "cannot load a workflow provider from "
                + config.workflowsDir()
                + ": "
                + e.getMessage());
      }
    }
    return new Found(List.copyOf(workflows), origins);
  }

  private static void add(
      WorkflowProvider provider,
      String origin,
      WorkflowProvider.Context context,
      List<Workflow<?, ?>> workflows,
      Map<String, String> origins) {
    List<Workflow<?, ?>> given;
    try {
      given = provider.workflows(context);
    } catch (OutOfMemoryError e) {
      throw e; // the process's policy (it exits), not the provider's failure
    } catch (RuntimeException | Error e) {
      throw new ConfigException("workflows", origin + " failed: " + e);
    }
    if (given == null) {
      throw new ConfigException(
          "workflows", origin + " returned null from workflows(); return a list (empty for none)");
    }
    for (Workflow<?, ?> w : given) {
      String name;
      try {
        name = w == null ? null : w.name();
      } catch (OutOfMemoryError e) {
        throw e;
      } catch (RuntimeException | Error e) {
        throw new ConfigException(
            "workflows", origin + " gave a workflow whose name() failed: " + e);
      }
      if (name == null || name.isBlank()) {
        throw new ConfigException(
            "workflows",
            origin
                + " gave "
                + (w == null
                    ? "a null workflow"
                    : "a workflow with no name (" + w.getClass().getName() + ")"));
      }
      String earlier = origins.putIfAbsent(name, origin);
      if (earlier != null) {
        throw new ConfigException(
            "workflows",
            "workflow '" + name + "' is provided twice: by " + earlier + " and by " + origin);
      }
      workflows.add(w);
    }
  }

  private static List<Path> jars(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    if (!jars.isEmpty()) {
      requireTrusted(dir);
      jars.forEach(WorkflowCatalog::requireTrusted);
      jars.forEach(WorkflowCatalog::requireReadable);
    }
    return jars;
  }

  /** A jar that cannot be opened would be skipped by the class loader without a word. */
  private static void requireReadable(Path jar) {
    try (java.util.jar.JarFile opened = new java.util.jar.JarFile(jar.toFile())) {
      opened.getManifest();
    } catch (IOException | SecurityException e) {
      throw new ConfigException(
          "workflows.dir",
          jar + " cannot be read as a jar (" + e.getMessage() + "): fix or remove it");
    }
  }

  /**
   * The daemon runs the code of these jars as its own user: a jar, or the directory holding it,
   * that another user may write (or owns) would let that user run code as the daemon.
   */
  private static void requireTrusted(Path path) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
      if (mode.contains(PosixFilePermission.GROUP_WRITE)
          || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new ConfigException(
            "workflows.dir",
            path
                + " can be written by other users (mode "
                + PosixFilePermissions.toString(mode)
                + "), who could then run code as the daemon: chmod go-w "
                + path);
      }
      int owner = (Integer) Files.getAttribute(path, "unix:uid");
      long us = new com.sun.security.auth.module.UnixSystem().getUid();
      if (owner != us && owner != 0) {
        throw new ConfigException(
            "workflows.dir",
            path
                + " is owned by "
                + Files.getOwner(path).getName()
                + ", not by the daemon's user or root, and could be changed to run code as the"
                + " daemon: chown it to "
                + System.getProperty("user.name"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the mode of " + path, e);
    }
  }

  private static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return urls;
  }

  private static String jarOf(Class<?> type, List<Path> jars) {
    var source = type.getProtectionDomain().getCodeSource();
    if (source != null && source.getLocation() != null) {
      try {
        return Path.of(source.getLocation().toURI()).getFileName().toString();
      } catch (java.net.URISyntaxException | RuntimeException e) {
        return jars.toString();
      }
    }
    return jars.toString();
  }
}
