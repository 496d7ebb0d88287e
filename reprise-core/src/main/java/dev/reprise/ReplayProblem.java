package dev.reprise;

/**
 * A run that the code at hand would not replay: {@link RepriseClient#checkReplay} found it.
 *
 * @param runId the run
 * @param workflow its workflow's name
 * @param seq the journal position where the replay parted from the journal (0 when it did not
 *     start: no such workflow in this code, or an input the code cannot read)
 * @param problem what differs, naming both sides where there are two (the step the journal holds
 *     and the call the code makes)
 */
public record ReplayProblem(String runId, String workflow, int seq, String problem) {}
