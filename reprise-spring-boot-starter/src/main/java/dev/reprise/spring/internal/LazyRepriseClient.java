package dev.reprise.spring.internal;

import dev.reprise.RepriseClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * A {@link RepriseClient} that finds the Reprise bean at its first call. The Reprise bean needs
 * every workflow bean, and everything those inject, before it can be built; a service that submits
 * runs and is also called from a step would otherwise be needed before itself.
 */
public final class LazyRepriseClient implements InvocationHandler {
  private final Supplier<? extends RepriseClient> target;

  private LazyRepriseClient(Supplier<? extends RepriseClient> target) {
    this.target = target;
  }

  /** A client calling what {@code target} gives, asked at each call (Spring caches the bean). */
  public static RepriseClient of(Supplier<? extends RepriseClient> target) {
    return (RepriseClient)
        Proxy.newProxyInstance(
            RepriseClient.class.getClassLoader(),
            new Class<?>[] {RepriseClient.class},
            new LazyRepriseClient(target));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "RepriseClient (the Reprise bean, found at first use)";
      };
    }
    try {
      return method.invoke(target.get(), args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
