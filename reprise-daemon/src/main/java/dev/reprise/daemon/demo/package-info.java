/**
 * {@code reprise demo}: a crash test anyone can run. It submits payment runs, runs them in a child
 * JVM that it kills with SIGKILL at random moments and restarts, then audits the journal and the
 * external ledger: every run completed, no completed step ran again, every effect happened exactly
 * once.
 */
package dev.reprise.daemon.demo;
