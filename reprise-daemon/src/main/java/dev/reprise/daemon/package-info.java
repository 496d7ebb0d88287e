/**
 * The {@code reprise} command line: {@link dev.reprise.daemon.Main} and its subcommands. The
 * daemon, HTTP API and operator commands will live here too.
 */
package dev.reprise.daemon;
