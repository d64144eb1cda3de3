package dev.releasepolicy.core.manifest;

import dev.releasepolicy.core.finding.Finding;
import java.util.List;

/**
 * What loading one file gave: its release manifests, and findings about the file itself (syntax,
 * duplicate keys, ambiguous scalars, refused input). A file that could not be read has no manifests
 * and at least one error finding.
 */
public record LoadedFile(String file, List<Manifest> manifests, List<Finding> findings) {

    public LoadedFile {
        manifests = List.copyOf(manifests);
        findings = List.copyOf(findings);
    }
}
