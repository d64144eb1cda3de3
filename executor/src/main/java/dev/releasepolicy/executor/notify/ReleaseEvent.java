package dev.releasepolicy.executor.notify;

import java.util.Arrays;

/** The release events a webhook can subscribe to, named as in the manifest's {@code notifications[].events}. */
public enum ReleaseEvent {
    STARTED("Started"),
    STEP_COMPLETED("StepCompleted"),
    PAUSED("Paused"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    ROLLED_BACK("RolledBack");

    private final String manifestName;

    ReleaseEvent(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name used in manifests and notification bodies, e.g. {@code RolledBack}. */
    public String manifestName() {
        return manifestName;
    }

    /** The event with this manifest name; an unknown name is an {@link IllegalArgumentException}. */
    public static ReleaseEvent parse(String name) {
        return Arrays.stream(values())
                .filter(e -> e.manifestName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown release event '" + name
                        + "': use Started, StepCompleted, Paused, Succeeded, Failed or RolledBack"));
    }
}
