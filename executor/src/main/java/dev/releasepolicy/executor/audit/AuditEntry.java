package dev.releasepolicy.executor.audit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What happened, before it is stamped with a time, a sequence number and hashes: who ({@code actor})
 * did what ({@code operation}, e.g. verify, plan, step, approve, analysis, rollback, notification) to
 * which release ({@code application}, plan {@code fingerprint}), at which {@code step}, with which
 * {@code result} and why ({@code reason}); {@code detail} holds further facts (sorted by key).
 * Empty strings stand for "not applicable".
 */
public record AuditEntry(
        String actor,
        String application,
        String fingerprint,
        String operation,
        String step,
        String result,
        String reason,
        Map<String, String> detail) {

    public AuditEntry {
        actor = Objects.requireNonNullElse(actor, "");
        application = Objects.requireNonNullElse(application, "");
        fingerprint = Objects.requireNonNullElse(fingerprint, "");
        operation = Objects.requireNonNull(operation, "operation");
        step = Objects.requireNonNullElse(step, "");
        result = Objects.requireNonNullElse(result, "");
        reason = Objects.requireNonNullElse(reason, "");
        detail = detail == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(detail));
    }
}
