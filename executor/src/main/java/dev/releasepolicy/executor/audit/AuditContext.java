package dev.releasepolicy.executor.audit;

import java.util.Map;

/**
 * The parts of an audit entry that stay the same during one release (actor, application, plan
 * fingerprint), so callers write {@code context.entry("step", "2: setWeight 10", "completed", "")}.
 */
public record AuditContext(String actor, String application, String fingerprint) {

    /** An entry of this release without details. */
    public AuditEntry entry(String operation, String step, String result, String reason) {
        return new AuditEntry(actor, application, fingerprint, operation, step, result, reason, Map.of());
    }

    /** An entry of this release with details. */
    public AuditEntry entry(String operation, String step, String result, String reason, Map<String, String> detail) {
        return new AuditEntry(actor, application, fingerprint, operation, step, result, reason, detail);
    }
}
