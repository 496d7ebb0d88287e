/**
 * The operator commands that talk to a running daemon through its HTTP API ({@code submit}, {@code
 * runs}, {@code show}, {@code signal}, {@code cancel}, {@code retry}, {@code resolve}, {@code
 * schedules}, {@code status}), finding it and its token through the data directory, and {@code
 * export}, which reads the store directly.
 */
package dev.reprise.daemon.cli;
