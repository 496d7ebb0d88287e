/**
 * The {@code reprise} command line: {@link dev.reprise.daemon.Main} and its subcommands; the crash
 * demo in {@code demo}, the operator's commands ({@code diag}, {@code vacuum}) in {@code ops}. The
 * daemon and HTTP API will live here too.
 */
package dev.reprise.daemon;
