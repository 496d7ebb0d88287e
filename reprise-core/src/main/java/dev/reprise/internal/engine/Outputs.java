package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.StepInfo;
import dev.reprise.internal.json.Json;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step outputs: written as JSON with the name of the type to read them back as. Collections and
 * maps are recorded by their interface (their element types are erased): pass a type token for
 * {@code List<Order>} and the like.
 */
final class Outputs {
  private Outputs() {}

  /** A value the engine itself made (a time, an id) as JSON. */
  static String json(Object value) {
    try {
      return Json.write(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String typeName(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof List<?>) {
      return List.class.getName();
    }
    if (value instanceof Set<?>) {
      return Set.class.getName();
    }
    if (value instanceof Collection<?>) {
      return Collection.class.getName();
    }
    if (value instanceof Map<?, ?>) {
      return Map.class.getName();
    }
    return value.getClass().getName();
  }

  /** The recorded type name for values of a declared type: its raw class, or an interface. */
  static String typeNameOf(java.lang.reflect.Type type) {
    Class<?> raw =
        type instanceof Class<?> c
            ? c
            : type instanceof java.lang.reflect.ParameterizedType p
                    && p.getRawType() instanceof Class<?> c
                ? c
                : Object.class;
    return raw.getName();
  }

  static Object read(String runId, StepInfo step, Type requested, ClassLoader loader) {
    if (step.output() == null) {
      return null;
    }
    try {
      Type type = requested;
      if (type == null) {
        type =
            step.outputType() == null
                ? Object.class
                : Class.forName(step.outputType(), false, loader);
      }
      return Json.readLenient(step.output(), Json.type(type));
    } catch (ClassNotFoundException | JsonProcessingException | IllegalArgumentException e) {
      throw new CorruptJournalException(
          runId,
          "run "
              + runId
              + ": the journaled output of step '"
              + step.name()
              + "' (seq "
              + step.seq()
              + ") cannot be read back: "
              + e.getMessage(),
          e);
    }
  }
}
