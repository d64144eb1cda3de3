package dev.releasepolicy.core.options;

import java.nio.file.Path;

/**
 * The options of {@code plan}, shared by the command line and the Maven goal: each front end only
 * fills this in and calls {@code dev.releasepolicy.core.runner.PlanRunner}. The manifest must pass the
 * policies of {@link #policyDirs()}.
 */
public interface PlanOptions extends CheckOptions {

    /** The manifest file to plan (one Release document). */
    Path manifest();
}
