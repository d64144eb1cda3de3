package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import dev.releasepolicy.core.edit.Trees;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code setHeaderRoute} on an Istio VirtualService: an HTTP route named {@code name}, inserted just
 * before the first managed route, that sends requests carrying all the given headers (one match entry,
 * so the items are ANDed) entirely to the canary. Istio takes the first route that matches, so the
 * team's earlier routes still win. Applying it again replaces the route in place; its inverse deletes
 * exactly that route (or puts back a route of that name that was there before).
 */
public record IstioHeaderRoute(String name, List<HeaderMatch> match, IstioBackends backends, RouteSelection routes)
        implements RoutingEdit, ReversibleEdit {

    public IstioHeaderRoute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(routes, "routes");
        match = List.copyOf(match);
        if (match.isEmpty()) {
            throw new IllegalArgumentException("a header route needs at least one match item");
        }
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode vs = Routes.copy(live, backends);
        ArrayNode http = Routes.list(vs, backends);
        int existing = Trees.indexOfName(http, name);
        List<Integer> managed = Routes.managed(vs, backends, routes.excluding(name));
        int at = managed.get(0);
        JsonNode model = backends.model(http.get(at).get("route"));
        if (existing >= 0) {
            http.remove(existing);
            at = existing < at ? at - 1 : at;
        }
        ObjectNode route = http.objectNode().put("name", name);
        ObjectNode headers = route.putArray("match").addObject().putObject("headers");
        for (HeaderMatch m : match) {
            Trees.object(headers, m.istioHeader()).put(m.kind().key(), m.value());
        }
        ObjectNode entry = (ObjectNode) model.deepCopy();
        entry.set("destination", backends.canary(model.path("destination")));
        entry.remove("weight");
        route.putArray("route").add(entry);
        http.insert(at, route);
        return vs;
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        return NamedRouteRestore.of(backends, name, before);
    }
}
