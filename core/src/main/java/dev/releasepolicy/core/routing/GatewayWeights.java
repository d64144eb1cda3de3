package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code setWeight} on a Gateway API HTTPRoute: each managed rule's {@code backendRefs} become the stable
 * Service with {@code 100 - weight} and the canary Service with {@code weight}, both modelled on the
 * team's stable backendRef (port, filters). parentRefs, hostnames, matches, filters, timeouts and the
 * other rules stay as they are.
 */
public record GatewayWeights(GatewayBackends backends, RouteSelection rules, int weight)
        implements RoutingEdit, ReversibleEdit {

    public GatewayWeights {
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(rules, "rules");
        Weights.check(weight, "weight");
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode route = Routes.copy(live, backends);
        for (ObjectNode rule : Routes.managedRoutes(route, backends, rules)) {
            JsonNode model = backends.model(rule.get("backendRefs"));
            ArrayNode refs = rule.arrayNode();
            refs.add(backends.named(model, backends.stableService()).put("weight", 100 - weight));
            refs.add(backends.named(model, backends.canaryService()).put("weight", weight));
            rule.set("backendRefs", refs);
        }
        return route;
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        return RouteFieldsRestore.of(backends, rules, List.of("backendRefs"), before);
    }
}
