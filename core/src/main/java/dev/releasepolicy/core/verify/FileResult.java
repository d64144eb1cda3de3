package dev.releasepolicy.core.verify;

import dev.releasepolicy.core.finding.Finding;
import java.util.List;

/** Findings about a file as a whole (syntax, refused input, no manifest in it). */
public record FileResult(String file, List<Finding> findings) {

    public FileResult {
        findings = List.copyOf(findings);
    }
}
