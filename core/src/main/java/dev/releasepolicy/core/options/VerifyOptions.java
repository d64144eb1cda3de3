package dev.releasepolicy.core.options;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code verify}, shared by the command line and the Maven goal so the two cannot
 * drift apart: each front end only fills this in and calls {@code dev.releasepolicy.core.runner.VerifyRunner}.
 */
public interface VerifyOptions extends CheckOptions {

    /** Manifest files or folders (searched recursively). */
    List<Path> paths();

    /** Whether warnings fail the run too. */
    boolean failOnWarn();

    /** Whether to measure the time spent in each policy (a hidden option for tuning and the benchmark). */
    default boolean profile() {
        return false;
    }

    /**
     * The verify cache's folder ({@code --cache DIR}; the command line defaults to {@code .release-policy-cache}
     * in the working directory, Maven to {@code target/release-policy/cache}); empty means no cache
     * ({@code --no-cache}, and any caller that does not ask for one).
     */
    default Optional<Path> cacheDirectory() {
        return Optional.empty();
    }

    /**
     * The repository root SARIF locations are relative to ({@code --sarif-root}); empty means the git top level
     * around the working directory (or the working directory itself outside a repository).
     */
    default Optional<Path> sarifRoot() {
        return Optional.empty();
    }
}
