package dev.releasepolicy.executor.audit;

import java.time.Instant;

/**
 * One stored line of the audit trail: the entry, its 1-based sequence number, time, the hash of the
 * previous record ({@code prev}, 64 zeros for the first) and its own {@code hash}, the SHA-256 of its
 * canonical JSON form (all fields but {@code hash}, keys sorted, no white space).
 */
public record AuditRecord(long seq, Instant time, AuditEntry entry, String prev, String hash, String line) {}
