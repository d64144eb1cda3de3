package dev.releasepolicy.executor.notify;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One message about a release: what happened ({@code event}) to which {@code application} and
 * {@code version}, at which {@code step} (may be empty), why ({@code reason}, may be empty) and when,
 * with the new version's share of the traffic when known ({@code weight}, percent) and the dashboard to
 * open ({@code dashboard}, may be empty).
 */
public record Notification(
        ReleaseEvent event,
        String application,
        String version,
        String step,
        String reason,
        Instant time,
        OptionalInt weight,
        String dashboard) {

    public Notification {
        Objects.requireNonNull(event, "event");
        application = Objects.requireNonNullElse(application, "");
        version = Objects.requireNonNullElse(version, "");
        step = Objects.requireNonNullElse(step, "");
        reason = Objects.requireNonNullElse(reason, "");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(weight, "weight");
        dashboard = Objects.requireNonNullElse(dashboard, "");
    }

    /** A message without a known weight or dashboard. */
    public Notification(
            ReleaseEvent event, String application, String version, String step, String reason, Instant time) {
        this(event, application, version, step, reason, time, OptionalInt.empty(), "");
    }

    /** The short headline, e.g. "payments-service 5.4.1: rolled back". */
    public String title() {
        return application + (version.isEmpty() ? "" : " " + version) + ": " + what();
    }

    /**
     * The human-readable line sent as {@code text}, e.g. "payments-service 5.4.1 rolled back at step 2
     * (analysis): ...".
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("[release-policy] ").append(title());
        if (!step.isEmpty()) {
            sb.append(" at step ").append(step);
        }
        if (!reason.isEmpty()) {
            sb.append(" - ").append(reason);
        }
        return sb.toString();
    }

    /** What happened, in words. */
    public String what() {
        return switch (event) {
            case STARTED -> "release started";
            case STEP_COMPLETED -> "step completed";
            case PAUSED -> "release paused, waiting for a person";
            case SUCCEEDED -> "release succeeded";
            case FAILED -> "release failed";
            case ROLLED_BACK -> "rolled back";
        };
    }
}
