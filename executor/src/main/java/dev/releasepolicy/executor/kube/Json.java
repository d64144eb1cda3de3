package dev.releasepolicy.executor.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Comparisons and clean-ups of Kubernetes objects as JSON trees. */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final List<String> SERVER_METADATA = List.of(
            "resourceVersion",
            "uid",
            "creationTimestamp",
            "generation",
            "managedFields",
            "selfLink",
            "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private Json() {}

    /** Equal as data: key order and number representation (4 vs 4L) do not matter. */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return canonical(a).equals(canonical(b));
    }

    /** Compact JSON text with sorted keys. */
    public static String canonical(JsonNode node) {
        return MAPPER.writeValueAsString(sorted(node));
    }

    /**
     * Whether {@code live} already is {@code desired}: every top-level field of {@code desired} other
     * than metadata and status is equal in {@code live}, and {@code live}'s labels and annotations
     * contain {@code desired}'s.
     */
    public static boolean covers(JsonNode live, JsonNode desired) {
        for (Map.Entry<String, JsonNode> e : desired.properties()) {
            String k = e.getKey();
            if (k.equals("metadata") || k.equals("status")) {
                continue;
            }
            if (!same(live.get(k), e.getValue())) {
                return false;
            }
        }
        for (String part : List.of("labels", "annotations")) {
            JsonNode want = desired.path("metadata").path(part);
            JsonNode have = live.path("metadata").path(part);
            for (Map.Entry<String, JsonNode> e : want.properties()) {
                if (!same(have.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A copy without status and the metadata the server owns (for re-creating an object). */
    public static ObjectNode withoutServerFields(JsonNode object) {
        ObjectNode copy = ((ObjectNode) object).deepCopy();
        copy.remove("status");
        JsonNode meta = copy.get("metadata");
        if (meta instanceof ObjectNode m) {
            SERVER_METADATA.forEach(m::remove);
        }
        return copy;
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
            entries.sort(Map.Entry.comparingByKey());
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            entries.forEach(e -> o.set(e.getKey(), sorted(e.getValue())));
            return o;
        }
        if (node.isArray()) {
            var a = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> a.add(sorted(n)));
            return a;
        }
        if (node.isNumber() && node.canConvertToExactIntegral()) {
            return JsonNodeFactory.instance.numberNode(node.bigIntegerValue());
        }
        return node;
    }
}
