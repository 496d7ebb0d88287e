package dev.reprise;

import java.util.List;

/**
 * Submits and queries runs. Works in a process that executes no workflows (a CLI, another service):
 * build one with {@link Reprise.Builder#buildClient()}.
 */
public interface RepriseClient extends AutoCloseable {

  /**
   * Starts a run of {@code workflow}. The run is durable when this returns. With a run id or an
   * idempotency key that already exists, returns the existing run.
   *
   * @throws InvalidInputException when the input does not fit the workflow's input type
   * @throws UnknownWorkflowException when workflows are registered here and this is not one
   */
  <I, O> RunHandle<O> submit(Workflow<I, O> workflow, I input, RunOptions options);

  default <I, O> RunHandle<O> submit(Workflow<I, O> workflow, I input) {
    return submit(workflow, input, RunOptions.DEFAULT);
  }

  /**
   * Starts a run of the workflow with this name, its input given as JSON. When the workflow is
   * registered in this process the input is checked against its type first.
   *
   * @throws UnknownWorkflowException when a workflow list is known here and the name is not on it
   * @throws InvalidInputException when the JSON does not parse or does not fit
   */
  RunHandle<Object> submitJson(String workflow, String inputJson, RunOptions options);

  /** A handle on an existing run, its output read as {@code outputType}. */
  <O> RunHandle<O> handle(String runId, TypeRef<O> outputType);

  /**
   * The run with its journal.
   *
   * @throws RunNotFoundException when there is none
   */
  RunInfo run(String runId);

  /** Runs matching the filter, newest first, without their steps. */
  List<RunInfo> runs(RunFilter filter);

  @Override
  void close();
}
