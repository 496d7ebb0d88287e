/**
 * Reprise's public API: {@link dev.reprise.Reprise} and its builder, {@link dev.reprise.Workflow}
 * and {@link dev.reprise.RunContext} for writing durable workflows, {@link
 * dev.reprise.RepriseClient} for submitting and querying runs, and the records and exceptions they
 * use.
 */
package dev.reprise;
