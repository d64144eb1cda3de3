package dev.releasepolicy.executor.audit;

import java.nio.file.Path;

/**
 * An audit trail that does not verify was about to be appended to: new records chained onto an edited
 * or forged trail would lend it the credibility of a valid chain, so the command fails instead (a tool
 * error, exit 2).
 */
public final class DamagedAuditTrailException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AuditVerification verification;

    DamagedAuditTrailException(Path file, AuditVerification verification) {
        super("the audit log " + file + " is damaged (" + verification.message()
                + "): nothing was appended; check it with 'release-policy audit verify " + file
                + "' and start a new trail file");
        this.verification = verification;
    }

    /** Where and how the trail failed verification. */
    public AuditVerification verification() {
        return verification;
    }
}
