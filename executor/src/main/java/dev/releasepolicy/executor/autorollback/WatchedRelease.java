package dev.releasepolicy.executor.autorollback;

/** Which release is watched: the application, the new version and the stable version rolled back to. */
public record WatchedRelease(String application, String version, String stableVersion) {
}
