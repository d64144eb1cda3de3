package dev.releasepolicy.core.plan;

import java.util.Optional;

/**
 * What the plan releases.
 *
 * @param release         {@code metadata.name} of the manifest
 * @param source          the manifest file as the user named it, and the document number when not the first
 * @param previousVersion {@code spec.rollback.to}, the version running now and rolled back to
 */
public record PlanMetadata(
        String release,
        String source,
        String application,
        String namespace,
        String version,
        Optional<String> previousVersion,
        Strategy strategy) {}
