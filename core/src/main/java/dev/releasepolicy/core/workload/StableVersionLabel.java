package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import dev.releasepolicy.core.edit.Trees;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adopts the team's existing Deployment as the stable version: its pod template gains the label
 * {@code versionKey: versionLabel}, so DestinationRule subsets and Service selectors that pick a
 * version by label find the stable pods.
 *
 * <p>Why this and not something else: a Deployment's selector is immutable, so a selector without
 * {@code version} cannot gain it without deleting and recreating the Deployment (which briefly leaves
 * no controller for the pods, or orphans them) or without running a second copy of stable under a new
 * name (double capacity, and the team's own object stops being the one that serves). Labelling the pod
 * template keeps the selector valid (it still matches, being a subset of the template's labels) and
 * changes nothing else, so Kubernetes performs an ordinary rolling update of the same spec under the
 * team's own rollout settings; the Service keeps serving throughout because it selects by the
 * application label. The cost is one restart of every stable pod, before any traffic moves, and it is
 * visible in the plan. The team's selector still matches the new version's pods too; the Deployment and
 * ReplicaSet controllers only count pods their own ReplicaSets own, so the two Deployments do not fight.
 *
 * <p>When the template already carries the label (a Deployment adopted earlier, or one made per
 * version), the edit changes nothing: see {@link #needed}. The inverse puts the template label back as
 * it was (absent or its old value), which again rolls the pods.
 */
public record StableVersionLabel(String versionKey, String versionLabel) implements WorkloadEdit, ReversibleEdit {

    public StableVersionLabel {
        Objects.requireNonNull(versionKey, "versionKey");
        Objects.requireNonNull(versionLabel, "versionLabel");
    }

    /** Whether applying this to {@code team} would change (and so roll) its pods. */
    public boolean needed(JsonNode team) {
        JsonNode labels = Deployments.copy(team)
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels");
        return !labels.path(versionKey).asString("").equals(versionLabel)
                || !labels.path(versionKey).isString();
    }

    /** Whether the Deployment's selector already picks pods by version (then no adoption is wanted). */
    public boolean selectsByVersion(JsonNode team) {
        return Deployments.copy(team)
                .path("spec")
                .path("selector")
                .path("matchLabels")
                .has(versionKey);
    }

    @Override
    public JsonNode apply(JsonNode team) {
        ObjectNode d = Deployments.copy(team);
        JsonNode selected = d.path("spec").path("selector").path("matchLabels").path(versionKey);
        if (selected.isString() && !selected.asString().equals(versionLabel)) {
            // The selector is immutable and must keep matching the template: this Deployment is another version's.
            throw new EditRefusedException(
                    "Deployment " + Deployments.name(d) + " selects " + versionKey + ": " + selected.asString()
                            + ", so it cannot be labelled as the stable version " + versionLabel,
                    "check spec.rollback.to or the stable version: the live Deployment runs " + selected.asString());
        }
        Trees.object(d, "spec", "template", "metadata", "labels").put(versionKey, versionLabel);
        return d;
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        JsonNode was = Deployments.copy(before)
                .path("spec")
                .path("template")
                .path("metadata")
                .path("labels")
                .path(versionKey);
        return new TemplateLabelRestore(versionKey, was.isString() ? Optional.of(was.asString()) : Optional.empty());
    }
}
