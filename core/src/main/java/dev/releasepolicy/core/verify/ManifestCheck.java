package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import java.util.List;

/**
 * One stage of {@code verify} applied to each loaded manifest (the schema, the policies).
 * Implementations must be thread-safe: manifests are checked in parallel.
 */
public interface ManifestCheck {

    /**
     * Checks one manifest.
     *
     * @param manifest the manifest
     * @param earlier  findings of the stages before this one (a stage may skip work when the schema failed)
     * @param context  the clock and other run-wide inputs
     */
    List<Finding> check(Manifest manifest, List<Finding> earlier, VerifyContext context);

    /**
     * Says that a manifest will be checked soon (its file is being read): a stage that takes long to
     * start may start now in the background, so that its start overlaps reading and parsing. Called at
     * most once per run, and only when some manifest is not answered from the verify cache. Must not
     * block; the default does nothing.
     */
    default void prepare() {}
}
