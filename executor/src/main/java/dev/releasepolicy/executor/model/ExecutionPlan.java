package dev.releasepolicy.executor.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The plan as the executor runs it: what is released where, the fingerprint that makes it
 * identifiable, and the ordered steps. Read from a plan file by {@link PlanFiles}.
 *
 * @param release         the manifest's {@code metadata.name}
 * @param previousVersion the version running before the release (rolled back to)
 * @param strategy        {@code BlueGreen}, {@code Canary} or {@code Rolling}
 * @param fingerprint     the plan's fingerprint ({@code sha256:...})
 * @param source          the manifest file the plan was made from, as the user named it (may be empty)
 * @param manifestDigest  the digest of the manifest's content the plan was made from ({@code sha256:...}), if recorded
 */
public record ExecutionPlan(String release, String application, String namespace, String version,
        Optional<String> previousVersion, String strategy, String fingerprint, String source,
        Optional<String> manifestDigest, List<ExecutionStep> steps) {

    public ExecutionPlan {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(fingerprint, "fingerprint");
        steps = List.copyOf(steps);
    }

    /** The step at a 1-based index. */
    public ExecutionStep step(int index) {
        return steps.get(index - 1);
    }

    /** The first 12 hex digits of the fingerprint, for messages. */
    public String shortFingerprint() {
        String hex = fingerprint.startsWith("sha256:") ? fingerprint.substring(7) : fingerprint;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
