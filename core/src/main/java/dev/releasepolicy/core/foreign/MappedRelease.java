package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Rollout or Canary read as a release: the release manifest document built in memory (its source map
 * answers with the Argo or Flagger file's {@code line:column}), the findings of the mapping itself
 * (constructs not checked, references not found), and the way back from each built pointer to the
 * original field.
 *
 * @param release    the release manifest built in memory; its {@code file} and {@code document} are the
 *                   Rollout's or Canary's
 * @param origin     the Rollout or Canary document as loaded
 * @param origins    built pointer → the field it was read from (see {@link Origin})
 * @param findings   findings of the mapping, already located in the Argo or Flagger files
 * @param suppressed built pointers whose findings are dropped because a mapping finding already says
 *                   why the value is unknown (an image when the workload is not in the set)
 */
public record MappedRelease(
        Manifest release,
        Manifest origin,
        Map<String, Origin> origins,
        List<Finding> findings,
        Set<String> suppressed) {

    public MappedRelease {
        origins = Map.copyOf(origins);
        findings = List.copyOf(findings);
        suppressed = Set.copyOf(suppressed);
    }

    /**
     * Where the value at a pointer of the built release was written.
     *
     * @param document  the document holding it (the Rollout, an AnalysisTemplate, a Deployment, ...)
     * @param pointer   its pointer there
     * @param sameShape true when the original value has the same shape as the built one, so that a
     *                  pointer below it maps to the same pointer below the original (a step's fields)
     */
    public record Origin(Manifest document, String pointer, boolean sameShape) {}

    /** The nearest origin of a built pointer, as the original document and pointer. */
    public Origin resolve(String pointer) {
        return resolve(origins, origin, pointer);
    }

    /** The nearest origin in {@code origins}; without one, the object's {@code metadata.name} (or kind). */
    static Origin resolve(Map<String, Origin> origins, Manifest origin, String pointer) {
        String p = pointer == null ? "" : pointer;
        String rest = "";
        while (true) {
            Origin o = origins.get(p);
            if (o != null) {
                return o.sameShape() ? new Origin(o.document(), o.pointer() + rest, true) : o;
            }
            if (p.isEmpty()) {
                String fallback = origin.tree().path("metadata").has("name") ? "/metadata/name" : "/kind";
                return new Origin(origin, fallback, false);
            }
            int slash = p.lastIndexOf('/');
            rest = p.substring(slash) + rest;
            p = p.substring(0, slash);
        }
    }

    /**
     * A finding of a check run on the built release, pointed at the original field: its pointer becomes the
     * original field's. Findings that already lead elsewhere (the workload's Deployment file) stay; findings
     * about a suppressed value are dropped.
     */
    public Optional<Finding> translate(Finding f) {
        for (String s : suppressed) {
            if (f.pointer().equals(s) || f.pointer().startsWith(s + "/")) {
                return Optional.empty();
            }
        }
        // Only a finding located through the built release's source map has a built pointer; others (the
        // workload's, located in the Deployment with its own pointer) already point at their file.
        if (!release.sourceMap().locate(f.pointer()).equals(f.location())) {
            return Optional.of(f);
        }
        Origin o = resolve(f.pointer());
        return Optional.of(
                new Finding(f.policyId(), f.severity(), f.message(), f.hint(), f.location(), o.pointer(), f.waiver()));
    }
}
