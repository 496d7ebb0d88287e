/** Implementation detail of Reprise; unsupported for users and subject to change without notice. */
package dev.reprise.internal.json;
