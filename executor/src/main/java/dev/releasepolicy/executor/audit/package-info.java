/**
 * The tamper-evident audit trail: every release operation appended as one JSON line, chained to the
 * previous line by SHA-256, verifiable offline ({@code release-policy audit verify FILE}).
 */
package dev.releasepolicy.executor.audit;
