/**
 * The Reprise daemon ({@code reprise daemon}): single-instance lock, signals turned into mailbox
 * commands, the event loop, the YAML config, logging, workflow discovery, and the HTTP JSON API.
 */
package dev.reprise.daemon.server;
