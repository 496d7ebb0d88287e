package dev.reprise;

/** The body of a step: user code that may throw. */
@FunctionalInterface
public interface StepBody<T> {
  T run() throws Exception;
}
