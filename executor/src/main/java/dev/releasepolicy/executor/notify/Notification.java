package dev.releasepolicy.executor.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * One message about a release: what happened ({@code event}) to which {@code application} and
 * {@code version}, at which {@code step} (may be empty), why ({@code reason}, may be empty) and when.
 */
public record Notification(
        ReleaseEvent event, String application, String version, String step, String reason, Instant time) {

    public Notification {
        Objects.requireNonNull(event, "event");
        application = Objects.requireNonNullElse(application, "");
        version = Objects.requireNonNullElse(version, "");
        step = Objects.requireNonNullElse(step, "");
        reason = Objects.requireNonNullElse(reason, "");
        Objects.requireNonNull(time, "time");
    }

    /**
     * The human-readable line sent as {@code text}, e.g. "payments-service 5.4.1 rolled back at step 2
     * (analysis): ...".
     */
    public String text() {
        String what = switch (event) {
            case STARTED -> "release started";
            case STEP_COMPLETED -> "step completed";
            case PAUSED -> "release paused, waiting for a person";
            case SUCCEEDED -> "release succeeded";
            case FAILED -> "release failed";
            case ROLLED_BACK -> "rolled back";
        };
        StringBuilder sb = new StringBuilder();
        sb.append("[release-policy] ").append(application);
        if (!version.isEmpty()) {
            sb.append(' ').append(version);
        }
        sb.append(": ").append(what);
        if (!step.isEmpty()) {
            sb.append(" at step ").append(step);
        }
        if (!reason.isEmpty()) {
            sb.append(" - ").append(reason);
        }
        return sb.toString();
    }
}
