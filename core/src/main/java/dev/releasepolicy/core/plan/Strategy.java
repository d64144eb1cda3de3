package dev.releasepolicy.core.plan;

/** The release strategy of {@code spec.strategy.type}. */
public enum Strategy {
    BLUE_GREEN("BlueGreen"),
    CANARY("Canary"),
    ROLLING("Rolling");

    private final String manifestName;

    Strategy(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name as written in manifests and plan files, such as {@code BlueGreen}. */
    public String manifestName() {
        return manifestName;
    }

    /** The strategy named in a manifest. */
    public static Strategy of(String manifestName) {
        for (Strategy s : values()) {
            if (s.manifestName.equals(manifestName)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown strategy type '" + manifestName + "': use BlueGreen, Canary or Rolling");
    }
}
