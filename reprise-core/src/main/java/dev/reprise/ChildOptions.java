package dev.reprise;

/**
 * How a child run is started. By default a child is attached: when its parent is cancelled or
 * fails, the child (and its own children) are cancelled too, each unwinding its own steps. A
 * detached child goes on by itself.
 *
 * <pre>{@code
 * ctx.startChild(new Audit(), entry, ChildOptions.DETACHED);
 * }</pre>
 */
public record ChildOptions(boolean detached) {
  /** An attached child. */
  public static final ChildOptions DEFAULT = new ChildOptions(false);

  /** A child that its parent's cancellation or failure does not reach. */
  public static final ChildOptions DETACHED = new ChildOptions(true);
}
