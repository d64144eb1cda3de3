package dev.releasepolicy.executor.notify;

/**
 * What became of one notification to one webhook: delivered or not, after how many attempts, with
 * the last HTTP status (0 without an answer) and the last error. {@code target} and {@code error}
 * are redacted and safe to show or audit.
 */
public record DeliveryResult(
        String target, ReleaseEvent event, boolean delivered, int attempts, int status, String error) {

    /** E.g. "RolledBack to https://hooks.slack.com/services/***: delivered (1 attempt)". */
    public String describe() {
        return event.manifestName() + " to " + target + ": " + (delivered ? "delivered" : "FAILED, " + error) + " ("
                + attempts + (attempts == 1 ? " attempt" : " attempts") + ")";
    }
}
