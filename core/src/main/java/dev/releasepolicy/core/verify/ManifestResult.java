package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import java.util.List;

/** The findings of one manifest document. */
public record ManifestResult(String file, int document, String name, List<Finding> findings) {

    public ManifestResult {
        findings = List.copyOf(findings);
    }
}
