package dev.reprise.internal.json;

import dev.reprise.Workflow;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;

/** Reads a workflow class's {@code Workflow<I, O>} type arguments by reflection. */
public final class WorkflowTypes {
  private WorkflowTypes() {}

  /** The {@code index}-th type argument of Workflow as implemented by {@code type}, or Object. */
  public static Type typeArgument(Class<?> type, int index) {
    Type found = search(type, index);
    return found == null || found instanceof TypeVariable<?> ? Object.class : found;
  }

  private static Type search(Type type, int index) {
    Class<?> raw = raw(type);
    if (raw == null || raw == Object.class) {
      return null;
    }
    for (Type candidate : raw.getGenericInterfaces()) {
      if (candidate instanceof ParameterizedType p && p.getRawType() == Workflow.class) {
        return p.getActualTypeArguments()[index];
      }
      Type nested = search(candidate, index);
      if (nested != null) {
        return nested;
      }
    }
    return search(raw.getGenericSuperclass(), index);
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return null;
  }
}
