package dev.reprise.daemon.demo;

/**
 * One kill of a worker, as the journal showed it right after.
 *
 * @param pid the killed worker
 * @param completedSteps steps completed in the whole journal at the kill
 * @param unfinishedRuns runs not yet ended at the kill; 0 means the kill landed after the work
 * @param compensatingRuns runs unwinding (running their compensations) at the kill
 */
record Crash(long pid, int completedSteps, int unfinishedRuns, int compensatingRuns) {}
