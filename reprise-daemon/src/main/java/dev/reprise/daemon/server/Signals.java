package dev.reprise.daemon.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Installs POSIX signal handlers through {@code sun.misc.Signal} (module {@code jdk.unsupported}),
 * reached by reflection because javac warns on it and the build treats warnings as errors. A
 * handler runs on a JVM thread of its own; ours only set a flag and wake the event loop.
 */
final class Signals {
  private Signals() {}

  /**
   * Runs {@code onSignal} when the signal arrives.
   *
   * @return null when installed, or why not (the platform or the JVM does not allow it)
   */
  static String install(String name, Runnable onSignal) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object signal = signalType.getConstructor(String.class).newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              handlerType.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      onSignal.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "signal handler for SIG" + name;
                  });
      Object previous =
          signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
      if (previous != null && previous == handlerType.getField("SIG_IGN").get(null)) {
        // the JVM keeps a signal its parent ignored (nohup, a supervisor) ignored
        return "the process was started with SIG"
            + name
            + " ignored (by nohup, or as a shell's background job), so it never arrives: start"
            + " the daemon as a service, or without nohup, to use it";
      }
      return null;
    } catch (InvocationTargetException e) {
      return String.valueOf(e.getCause().getMessage());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return e.toString();
    }
  }
}
