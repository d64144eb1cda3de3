package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code setMirrorRoute} on a Gateway API HTTPRoute: a {@code RequestMirror} filter on each managed rule
 * that copies {@code percent}% of requests to the canary Service. A mirror filter to the canary that is
 * already there (a repeated apply) is replaced, not doubled; the inverse restores {@code filters} as
 * the team had them (absent, or their own list).
 */
public record GatewayMirror(String name, int percent, GatewayBackends backends, RouteSelection rules)
        implements RoutingEdit, ReversibleEdit {

    /** The fields of a BackendObjectReference: a mirror target has no weight and no filters. */
    private static final List<String> REF_FIELDS = List.of("group", "kind", "name", "namespace", "port");

    public GatewayMirror {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(rules, "rules");
        Weights.check(percent, "mirror percent");
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode route = Routes.copy(live, backends);
        for (ObjectNode rule : Routes.managedRoutes(route, backends, rules)) {
            JsonNode model = backends.named(backends.model(rule.get("backendRefs")), backends.canaryService());
            ObjectNode target = rule.objectNode();
            REF_FIELDS.stream().filter(model::has).forEach(f -> target.set(f, model.get(f)));
            ArrayNode filters = rule.get("filters") instanceof ArrayNode a ? a : rule.putArray("filters");
            for (int i = filters.size() - 1; i >= 0; i--) {
                JsonNode f = filters.get(i);
                if (f.path("type").asString("").equals("RequestMirror")
                        && f.path("requestMirror")
                                .path("backendRef")
                                .path("name")
                                .asString("")
                                .equals(backends.canaryService())) {
                    filters.remove(i);
                }
            }
            ObjectNode filter = filters.addObject().put("type", "RequestMirror");
            filter.putObject("requestMirror")
                    .<ObjectNode>set("backendRef", target)
                    .put("percent", percent);
        }
        return route;
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        return RouteFieldsRestore.of(backends, rules, List.of("filters"), before);
    }
}
