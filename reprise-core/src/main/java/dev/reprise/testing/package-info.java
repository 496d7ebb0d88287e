/** Help for testing workflows: a clock that moves only when a test says so. */
package dev.reprise.testing;
