package dev.releasepolicy.core.workload;

import dev.releasepolicy.core.edit.Trees;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The undo of {@link StableVersionLabel}: the pod template label back to its old value, or removed. */
public record TemplateLabelRestore(String key, Optional<String> value) implements WorkloadEdit {

    public TemplateLabelRestore {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode d = Deployments.copy(live);
        ObjectNode labels = Trees.object(d, "spec", "template", "metadata", "labels");
        value.ifPresentOrElse(v -> labels.put(key, v), () -> labels.remove(key));
        return d;
    }
}
