package dev.releasepolicy.executor.kube;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON merge patch (RFC 7386) applied on the client. The executor reads an object, applies the
 * plan's patch here and writes the whole object back with its {@code resourceVersion}: the same
 * result as {@code application/merge-patch+json} on a real API server (arrays are replaced, not
 * merged, and {@code null} removes a field), with optimistic concurrency, and without relying on the
 * CRUD mock server's patch handling, which merges arrays.
 */
public final class JsonMergePatch {

    private JsonMergePatch() {}

    /** The result of applying {@code patch} to {@code target}; neither argument is changed. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
