package dev.releasepolicy.core.finding;

import dev.releasepolicy.core.secret.Redactor;
import java.util.Comparator;
import java.util.Optional;

/**
 * One result of checking a manifest: which check (policy id), how bad, what is wrong, how to fix it,
 * and where ({@code file:line:column} plus the JSON Pointer into the manifest). Findings are data:
 * tool failures are exceptions, never findings.
 *
 * @param policyId  the check that produced it: {@code schema}, {@code yaml}, or a policy id
 * @param severity  error or warning
 * @param message   what is wrong, in one sentence
 * @param hint      how to fix it (may be empty)
 * @param location  where in the source
 * @param pointer   JSON Pointer into the manifest document ({@code ""} for the whole document)
 * @param waiver    present when a configured waiver accepted this finding
 */
public record Finding(
        String policyId,
        Severity severity,
        String message,
        String hint,
        Location location,
        String pointer,
        Optional<Waiver> waiver) {

    /** Report order: by file, line, column, then policy id and message, so output is deterministic. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(
                    (Finding f) -> f.location().file())
            .thenComparingInt(f -> f.location().line())
            .thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::policyId)
            .thenComparing(Finding::pointer)
            .thenComparing(Finding::message);

    public Finding {
        if (policyId == null || severity == null || message == null || location == null) {
            throw new IllegalArgumentException("policyId, severity, message and location are required");
        }
        // Messages may quote manifest values (a webhook URL with its token): never show secrets.
        message = Redactor.none().scrub(message);
        hint = hint == null ? "" : Redactor.none().scrub(hint);
        pointer = pointer == null ? "" : pointer;
        waiver = waiver == null ? Optional.empty() : waiver;
    }

    public Finding(String policyId, Severity severity, String message, String hint, Location location, String pointer) {
        this(policyId, severity, message, hint, location, pointer, Optional.empty());
    }

    public static Finding error(String policyId, String message, String hint, Location location, String pointer) {
        return new Finding(policyId, Severity.ERROR, message, hint, location, pointer);
    }

    public static Finding warning(String policyId, String message, String hint, Location location, String pointer) {
        return new Finding(policyId, Severity.WARNING, message, hint, location, pointer);
    }

    /** A copy marked as accepted by a waiver. */
    public Finding waivedBy(Waiver w) {
        return new Finding(policyId, severity, message, hint, location, pointer, Optional.of(w));
    }

    /** A copy with another severity (configuration overrides). */
    public Finding withSeverity(Severity s) {
        return new Finding(policyId, s, message, hint, location, pointer, waiver);
    }

    /** True for an error that no waiver accepted: these make {@code verify} exit 1. */
    public boolean isBlockingError() {
        return severity == Severity.ERROR && waiver.isEmpty();
    }

    /** True for a warning that no waiver accepted. */
    public boolean isOpenWarning() {
        return severity == Severity.WARNING && waiver.isEmpty();
    }
}
