package dev.reprise.internal.engine;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.Workflow;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The workflows this process knows, by name. Names are validated once, here. */
public final class WorkflowRegistry {
  private final Map<String, Workflow<?, ?>> byName;

  public WorkflowRegistry(Collection<Workflow<?, ?>> workflows) {
    Map<String, Workflow<?, ?>> map = new LinkedHashMap<>();
    for (Workflow<?, ?> w : workflows) {
      if (w == null) {
        throw new InvalidConfigurationException("workflow", "must not be null");
      }
      String name = w.name();
      requireValidName(name, w.getClass().getName());
      if (map.putIfAbsent(name, w) != null) {
        throw new InvalidConfigurationException(
            "workflow name",
            "'"
                + name
                + "' is registered twice ("
                + map.get(name).getClass().getName()
                + " and "
                + w.getClass().getName()
                + ")");
      }
    }
    this.byName = Map.copyOf(map);
  }

  static void requireValidName(String name, String owner) {
    if (name == null || name.isBlank()) {
      throw new InvalidConfigurationException("workflow name", "blank name returned by " + owner);
    }
    if (name.length() > 200 || !name.strip().equals(name)) {
      throw new InvalidConfigurationException(
          "workflow name",
          "'"
              + name
              + "' of "
              + owner
              + " must be at most 200 characters without surrounding spaces");
    }
  }

  public Workflow<?, ?> find(String name) {
    return byName.get(name);
  }

  public java.util.Collection<Workflow<?, ?>> all() {
    return byName.values();
  }

  public Set<String> names() {
    return byName.keySet();
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }
}
