package dev.releasepolicy.core.options;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The options of {@code plan}, shared by the command line and the Maven goal: each front end only
 * fills this in and calls {@code dev.releasepolicy.core.runner.PlanRunner}.
 */
public interface PlanOptions {

    /** The manifest file to plan (one Release document). */
    Path manifest();

    /** Team policy folders, added to the built-in policies (the manifest must pass them). */
    List<Path> policyDirs();

    /** {@code .release-policy.yaml}, if any. */
    Optional<Path> configFile();

    /**
     * Whether, when {@link #configFile()} is empty, a {@code .release-policy.yaml} in the working
     * directory applies, as for {@link VerifyOptions#configFromWorkingDirectory()}.
     */
    default boolean configFromWorkingDirectory() {
        return true;
    }

    /** The clock for the release window and the timeline; empty means the real time. */
    Optional<Instant> now();

    /** Plan format name: text, json or markdown. */
    String format();

    /** Where to write the plan; empty means standard output. */
    Optional<Path> output();
}
