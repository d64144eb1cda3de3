package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code setMirrorRoute} on an Istio VirtualService: each managed route copies {@code percentage}% of its
 * requests to the canary ({@code mirror} and {@code mirrorPercentage}); responses of the copy are
 * dropped, so the canary sees real traffic without answering it. Istio has no name for a mirror:
 * {@code name} is the manifest's, for messages. The inverse restores both fields as the team had them.
 */
public record IstioMirror(String name, int percentage, IstioBackends backends, RouteSelection routes)
        implements RoutingEdit, ReversibleEdit {

    private static final List<String> FIELDS = List.of("mirror", "mirrorPercentage");

    public IstioMirror {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(routes, "routes");
        Weights.check(percentage, "mirror percentage");
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode vs = Routes.copy(live, backends);
        for (ObjectNode route : Routes.managedRoutes(vs, backends, routes)) {
            if (route.path("mirrors").isArray() && !route.get("mirrors").isEmpty()) {
                // Istio rejects a route that sets both mirror and mirrors.
                throw new EditRefusedException(
                        "route " + route.path("name").asString("(unnamed)") + " of VirtualService " + Routes.name(vs)
                                + " already mirrors with mirrors[]",
                        "remove mirrors from the route, or drop the setMirrorRoute step " + name);
            }
            JsonNode model = backends.model(route.get("route"));
            route.set("mirror", backends.canary(model.path("destination")));
            route.putObject("mirrorPercentage").put("value", percentage);
        }
        return vs;
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        return RouteFieldsRestore.of(backends, routes, FIELDS, before);
    }
}
