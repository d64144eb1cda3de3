package dev.releasepolicy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --audit-log FILE}: a local copy of the audit trail, for verify, plan and the commands that change a
 * release.
 */
final class AuditLogOption {

    @Option(
            names = "--audit-log",
            paramLabel = "FILE",
            description = "Append this command's audit records (hash-chained JSON lines) to FILE, created if missing;"
                    + " check it with 'release-policy audit verify FILE'. apply, resume, approve and rollback also keep"
                    + " the trail in the cluster, in ConfigMap release-policy-<application>-audit.")
    Path auditLog;
}
