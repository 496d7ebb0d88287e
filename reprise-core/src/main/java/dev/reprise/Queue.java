package dev.reprise;

/**
 * A named queue's limits. Runs go to a queue with {@link RunOptions#withQueue}; a queue nobody
 * configured has no limits. Within a queue, higher priorities are claimed first, and runs of one
 * priority in submission order.
 *
 * @param name the queue's name
 * @param globalLimit the most runs of the queue running at once on all nodes together, or 0 for no
 *     limit; every node should configure the same value
 * @param nodeLimit the most runs of the queue running at once on this node, or 0 for no limit
 */
public record Queue(String name, int globalLimit, int nodeLimit) {
  public static final String DEFAULT = "default";

  public Queue {
    requireName("name", name);
    if (globalLimit < 0) {
      throw new InvalidConfigurationException(
          "globalLimit", "must be 0 (no limit) or positive, was " + globalLimit);
    }
    if (nodeLimit < 0) {
      throw new InvalidConfigurationException(
          "nodeLimit", "must be 0 (no limit) or positive, was " + nodeLimit);
    }
  }

  /** A queue with no limits yet. */
  public static Queue named(String name) {
    return new Queue(name, 0, 0);
  }

  public Queue withGlobalLimit(int limit) {
    return new Queue(name, limit, nodeLimit);
  }

  public Queue withNodeLimit(int limit) {
    return new Queue(name, globalLimit, limit);
  }

  public boolean isLimited() {
    return globalLimit > 0 || nodeLimit > 0;
  }

  static void requireName(String field, String name) {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw new InvalidConfigurationException(field, "must be 1 to 100 non-blank characters");
    }
  }
}
