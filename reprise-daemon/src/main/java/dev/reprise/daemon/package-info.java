/**
 * The {@code reprise} command line: {@link dev.reprise.daemon.Main} and its subcommands; the daemon
 * and its HTTP API in {@code server}, the commands that drive it in {@code cli}, the crash demo in
 * {@code demo}, the commands that work on a database directly ({@code diag}, {@code vacuum}) in
 * {@code ops}.
 */
package dev.reprise.daemon;
