package dev.releasepolicy.core.options;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code verify} and {@code plan} both take: the policies and their configuration, the clock, and the
 * output format and file. {@link VerifyOptions} and {@link PlanOptions} add what each checks.
 */
public interface CheckOptions {

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

    /** The clock for release-window checks (and the plan's timeline); empty means the real time. */
    Optional<Instant> now();

    /** Format name: for verify text, json, sarif, junit, github or markdown; for plan text, json or markdown. */
    String format();

    /** Where to write the report or plan; empty means standard output. */
    Optional<Path> output();
}
