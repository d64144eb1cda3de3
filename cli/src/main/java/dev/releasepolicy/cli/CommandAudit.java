package dev.releasepolicy.cli;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import dev.releasepolicy.executor.audit.AuditEntry;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditOperations;
import dev.releasepolicy.executor.run.ExecutorSettings;
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

    /** One record per manifest of the report: passed, or failed with the policies that failed it. */
    static void verdicts(Path file, VerifyReport report, PrintWriter err) {
        AuditLog log = AuditLog.toFile(file);
        String actor = ExecutorSettings.defaultHolder();
        try {
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
        } catch (UncheckedIOException | IllegalStateException e) {
            warn(err, file, e);
        }
    }

    /** The plan made from a manifest, or its refusal with the verify verdict. */
    static void plan(Path file, Path manifest, Optional<Plan> plan, VerifyReport report, PrintWriter err) {
        String actor = ExecutorSettings.defaultHolder();
        try {
            AuditLog log = AuditLog.toFile(file);
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
        } catch (UncheckedIOException | IllegalStateException e) {
            warn(err, file, e);
        }
    }

    /** A verify verdict: verify has no application, fingerprint or step. */
    private static AuditEntry verifyEntry(String actor, String result, String summary, Map<String, String> detail) {
        return new AuditEntry(actor, "", "", AuditOperations.VERIFY, "", result, summary, detail);
    }

    private static void warn(PrintWriter err, Path file, RuntimeException e) {
        err.println("release-policy: warning: could not append to the audit log " + file + ": " + e.getMessage());
        err.flush();
    }
}
