/**
 * The operator's commands: {@code reprise diag sagas} reads a Reprise database read-only (also
 * while another process writes it, or with every process down) and shows recent runs with their
 * failure reasons and unfinished steps; {@code reprise vacuum} deletes runs that ended long ago.
 */
package dev.reprise.daemon.ops;
