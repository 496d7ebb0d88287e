package dev.reprise;

import dev.reprise.internal.json.WorkflowTypes;
import java.lang.reflect.Type;

/**
 * A durable workflow: plain Java whose side effects go through {@link RunContext#step}. After a
 * crash the run is replayed from the top: completed steps return their journaled output and are not
 * run again, so the code must reach the same steps in the same order given the same journal.
 *
 * <pre>{@code
 * final class Greet implements Workflow<String, String> {
 *   public String name() { return "greet"; }
 *   public String run(RunContext ctx, String who) {
 *     String id = ctx.step("create-account", () -> accounts.create(who, ctx.idempotencyKey()));
 *     ctx.step("send-mail", () -> mailer.welcome(id, ctx.idempotencyKey()));
 *     return id;
 *   }
 * }
 * }</pre>
 *
 * @param <I> the input type, read from JSON
 * @param <O> the output type, written as JSON
 */
public interface Workflow<I, O> {

  /** A stable name: runs are stored with it, so renaming a workflow orphans its runs. */
  String name();

  O run(RunContext ctx, I input) throws Exception;

  /**
   * The input type, by default read from the class's {@code Workflow<I, O>} declaration. Override
   * for a workflow written as a generic class.
   */
  default Type inputType() {
    return WorkflowTypes.typeArgument(getClass(), 0);
  }

  /** The output type; see {@link #inputType()}. */
  default Type outputType() {
    return WorkflowTypes.typeArgument(getClass(), 1);
  }

  /**
   * What recovery does with a run of this workflow whose process died: replay it ({@link
   * RecoveryPolicy#RESTART}, the default) or fail it. Nodes that register the workflow store it, so
   * that a node without the workflow recovers its runs the same way.
   */
  default RecoveryPolicy recoveryPolicy() {
    return RecoveryPolicy.RESTART;
  }
}
