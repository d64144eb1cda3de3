package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code setWeight} on an Istio VirtualService: each managed HTTP route's {@code route[]} becomes exactly
 * two destinations, stable with {@code 100 - weight} and canary with {@code weight}, both modelled on the
 * team's own destination (its host spelling, port and headers). The route's match, retries, timeout,
 * rewrite and name, the other routes, gateways, hosts, tls and tcp stay as they are.
 */
public record IstioWeights(IstioBackends backends, RouteSelection routes, int weight)
        implements RoutingEdit, ReversibleEdit {

    public IstioWeights {
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(routes, "routes");
        Weights.check(weight, "weight");
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode vs = Routes.copy(live, backends);
        for (ObjectNode route : Routes.managedRoutes(vs, backends, routes)) {
            JsonNode model = backends.model(route.get("route"));
            ArrayNode split = route.arrayNode();
            split.add(entry(model, backends.stable(model.path("destination")), 100 - weight));
            split.add(entry(model, backends.canary(model.path("destination")), weight));
            route.set("route", split);
        }
        return vs;
    }

    private static ObjectNode entry(JsonNode model, ObjectNode destination, int weight) {
        ObjectNode entry = (ObjectNode) model.deepCopy();
        entry.set("destination", destination);
        return entry.put("weight", weight);
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        return RouteFieldsRestore.of(backends, routes, List.of("route"), before);
    }
}
