package dev.releasepolicy.cli;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import dev.releasepolicy.executor.audit.AuditEntry;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditOperations;
import dev.releasepolicy.executor.audit.DamagedAuditTrailException;
import dev.releasepolicy.executor.run.ExecutorSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The audit records of {@code verify --audit-log} and {@code plan --audit-log}: one verdict per
 * manifest, and the plan made (or refused). The actor is {@code user@host pid N}.
 */
final class CommandAudit {

    private CommandAudit() {}

    /**
     * One record per manifest of the report: passed, or failed with the policies that failed it.
     *
     * @return false when nothing could be recorded (the trail is damaged or cannot be written): the
     *     command then fails with exit 2, because an audit that silently did not happen is no audit
     */
    static boolean verdicts(Path file, VerifyReport report, PrintWriter err) {
        String actor = ExecutorSettings.defaultHolder();
        try {
            AuditLog log = AuditLog.toIntactFile(file);
            for (ManifestResult m : report.manifests()) {
                long errors =
                        m.findings().stream().filter(Finding::isBlockingError).count();
                long warnings =
                        m.findings().stream().filter(Finding::isOpenWarning).count();
                long waived = m.findings().stream()
                        .filter(f -> f.waiver().isPresent())
                        .count();
                TreeSet<String> failing = new TreeSet<>();
                m.findings().stream().filter(Finding::isBlockingError).forEach(f -> failing.add(f.policyId()));
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("file", m.file());
                detail.put("document", Integer.toString(m.document()));
                detail.put("release", m.name());
                if (!failing.isEmpty()) {
                    detail.put("failingPolicies", String.join(",", failing));
                }
                log.append(verifyEntry(
                        actor,
                        errors > 0 ? "failed" : "passed",
                        errors + " errors, " + warnings + " warnings, " + waived + " waived",
                        detail));
            }
            for (var f : report.files()) {
                if (f.findings().stream().anyMatch(Finding::isBlockingError)) {
                    log.append(verifyEntry(
                            actor, "failed", "the file could not be read as manifests", Map.of("file", f.file())));
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | DamagedAuditTrailException e) {
            return failed(err, file, e);
        }
        return true;
    }

    /**
     * The plan made from a manifest, or its refusal with the verify verdict.
     *
     * @return false when nothing could be recorded, as for {@link #verdicts}
     */
    static boolean plan(Path file, Path manifest, Optional<Plan> plan, VerifyReport report, PrintWriter err) {
        String actor = ExecutorSettings.defaultHolder();
        try {
            AuditLog log = AuditLog.toIntactFile(file);
            if (plan.isPresent()) {
                Plan p = plan.get();
                Map<String, String> detail = new LinkedHashMap<>();
                detail.put("source", p.metadata().source());
                detail.put("release", p.metadata().release());
                detail.put("version", p.metadata().version());
                detail.put("manifestDigest", p.fingerprint().manifestDigest());
                detail.put("policySetDigest", p.fingerprint().policySetDigest());
                detail.put("toolVersion", p.fingerprint().toolVersion());
                log.append(new AuditEntry(
                        actor,
                        p.metadata().application(),
                        p.fingerprint().value(),
                        AuditOperations.PLAN,
                        "",
                        "planned",
                        report.summary(),
                        detail));
            } else {
                log.append(new AuditEntry(
                        actor,
                        "",
                        "",
                        AuditOperations.PLAN,
                        "",
                        "refused",
                        report.summary(),
                        Map.of("source", manifest.toString())));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | DamagedAuditTrailException e) {
            return failed(err, file, e);
        }
        return true;
    }

    /** A verify verdict: verify has no application, fingerprint or step. */
    private static AuditEntry verifyEntry(String actor, String result, String summary, Map<String, String> detail) {
        return new AuditEntry(actor, "", "", AuditOperations.VERIFY, "", result, summary, detail);
    }

    private static boolean failed(PrintWriter err, Path file, Exception e) {
        err.println(
                e instanceof DamagedAuditTrailException
                        ? "release-policy: error: " + e.getMessage()
                        : "release-policy: error: could not append to the audit log " + file + ": " + e.getMessage());
        err.flush();
        return false;
    }
}
