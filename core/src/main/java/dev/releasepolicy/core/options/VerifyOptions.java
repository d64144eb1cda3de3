package dev.releasepolicy.core.options;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code verify}, shared by the command line and the Maven goal so the two cannot
 * drift apart: each front end only fills this in and calls {@code dev.releasepolicy.core.runner.VerifyRunner}.
 */
public interface VerifyOptions {

    /** Manifest files or folders (searched recursively). */
    List<Path> paths();

    /** Team policy folders, added to the built-in policies. */
    List<Path> policyDirs();

    /** {@code .release-policy.yaml}, if any. */
    Optional<Path> configFile();

    /**
     * Whether, when {@link #configFile()} is empty, a {@code .release-policy.yaml} in the working
     * directory applies: the command line's convention. The Maven goals look in the module's folder
     * instead, and answer false.
     */
    default boolean configFromWorkingDirectory() {
        return true;
    }

    /** The clock for release-window checks; empty means the real time. */
    Optional<Instant> now();

    /** Report format name: text, json, sarif, junit or github. */
    String format();

    /** Where to write the report; empty means standard output. */
    Optional<Path> output();

    /** Whether warnings fail the run too. */
    boolean failOnWarn();

    /** Whether to measure the time spent in each policy (a hidden option for tuning and the benchmark). */
    default boolean profile() {
        return false;
    }
}
