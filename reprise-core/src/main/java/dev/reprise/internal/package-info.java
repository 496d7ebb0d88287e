/**
 * Reprise's implementation. Unsupported for users: anything under {@code dev.reprise.internal} may
 * change or vanish in any release. Use the public API in {@code dev.reprise}.
 */
package dev.reprise.internal;
