package dev.releasepolicy.executor.audit;

/**
 * The outcome of checking an audit trail: intact with its record count and head hash, or tampered
 * at a 1-based {@code line} with the {@code problem} found there.
 */
public record AuditVerification(boolean intact, int records, int line, String problem, String head) {

    static AuditVerification ok(int records, String head) {
        return new AuditVerification(true, records, 0, "", head);
    }

    static AuditVerification tampered(int line, String problem, String head) {
        return new AuditVerification(false, line - 1, line, problem, head);
    }

    /** One line for people, e.g. "intact: 12 records, head 3f2a…" or "tampered at line 4: ...". */
    public String message() {
        return intact
                ? "intact: " + records + (records == 1 ? " record" : " records") + ", head " + head
                : "tampered at line " + line + ": " + problem;
    }
}
