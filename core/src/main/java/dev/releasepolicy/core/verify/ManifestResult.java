package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import java.util.List;

/**
 * The findings of one manifest document.
 *
 * @param cached whether they were taken from the verify cache ({@link ResultCache}) rather than checked now
 */
public record ManifestResult(String file, int document, String name, List<Finding> findings, boolean cached) {

    public ManifestResult {
        findings = List.copyOf(findings);
    }

    /** Findings checked now (not from the cache). */
    public ManifestResult(String file, int document, String name, List<Finding> findings) {
        this(file, document, name, findings, false);
    }
}
