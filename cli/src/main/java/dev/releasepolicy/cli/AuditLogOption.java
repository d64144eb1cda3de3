package dev.releasepolicy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --audit-log FILE}: a local copy of the audit trail, for the commands that change a release. */
final class AuditLogOption {

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "Also append the audit trail to this local JSON-lines file (created if missing; check it"
                    + " with 'release-policy audit verify FILE'). The cluster keeps the trail anyway, in ConfigMap"
                    + " release-policy-<application>-audit.")
    Path auditLog;
}
