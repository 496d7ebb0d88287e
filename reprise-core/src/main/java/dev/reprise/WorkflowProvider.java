package dev.reprise;

import java.nio.file.Path;
import java.util.List;

/**
 * Contributes workflows to a process that finds them with {@link java.util.ServiceLoader}, such as
 * the Reprise daemon: it registers the workflows of every provider on its class path and in the
 * jars of its {@code workflows/} directory.
 *
 * <p>A jar names its providers in {@code META-INF/services/dev.reprise.WorkflowProvider}, one class
 * name a line; each needs a public no-argument constructor.
 *
 * <pre>{@code
 * public final class MyWorkflows implements WorkflowProvider {
 *   public List<Workflow<?, ?>> workflows(Context context) {
 *     return List.of(new OrderSaga(new Inventory(context.dataDir().resolve("inventory"))));
 *   }
 * }
 * }</pre>
 */
public interface WorkflowProvider {

  /** The workflows to register; their names must be unique across every provider of the process. */
  List<Workflow<?, ?>> workflows(Context context);

  /**
   * What the hosting process tells its providers.
   *
   * @param dataDir the process's data directory, where a provider may keep files of its own
   */
  record Context(Path dataDir) {
    public Context {
      if (dataDir == null) {
        throw new InvalidConfigurationException("dataDir", "must not be null");
      }
    }
  }
}
