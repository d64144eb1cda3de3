package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.Trees;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Promotion ends the split: each managed route (or rule) keeps only its stable destinations, which now
 * carry the new version (the stable subset or Service was pointed at it first); a lone destination
 * loses the {@code weight} the split gave it, so the route reads as the team wrote it. The release's
 * own additions go as well: its header routes ({@code ownRoutes}, by name) and any mirror to the
 * canary. Matches, retries, timeouts, filters of the team's own, other routes, hosts and gateways stay.
 *
 * @param table     the router object's table and the application's two destinations
 * @param routes    the managed routes (the release's own header routes excluded)
 * @param ownRoutes the names of the header routes the release added
 */
public record SplitEnd(RouteTable table, RouteSelection routes, List<String> ownRoutes) implements RoutingEdit {

    public SplitEnd {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(routes, "routes");
        ownRoutes = List.copyOf(ownRoutes);
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode object = Routes.copy(live, table);
        for (ObjectNode route : Routes.managedRoutes(object, table, routes)) {
            ArrayNode destinations = (ArrayNode) route.get(table.destinationsField());
            for (int i = destinations.size() - 1; i >= 0; i--) {
                if (table.carriesCanary(destinations.get(i))) {
                    destinations.remove(i);
                }
            }
            if (destinations.isEmpty()) {
                throw new EditRefusedException(
                        table.item() + " " + route.path("name").asString("(unnamed)") + " of " + table.kind() + " "
                                + Routes.name(object) + " has no stable destination left",
                        "someone changed the " + table.item() + " during the release: give it a destination to "
                                + table.describe() + " by hand");
            }
            if (destinations.size() == 1 && destinations.get(0) instanceof ObjectNode only) {
                only.remove("weight");
            }
            removeMirror(route);
        }
        ArrayNode list = Routes.list(object, table);
        for (String name : ownRoutes) {
            int at = Trees.indexOfName(list, name);
            if (at >= 0) {
                list.remove(at);
            }
        }
        return object;
    }

    /** Drops a mirror to the canary: Istio's {@code mirror} fields, Gateway API's RequestMirror filter. */
    private void removeMirror(ObjectNode route) {
        if (route.has("mirror")) {
            ObjectNode entry = route.objectNode();
            entry.set("destination", route.get("mirror"));
            if (table.carriesCanary(entry)) {
                route.remove("mirror");
                route.remove("mirrorPercentage");
            }
        }
        if (route.get("filters") instanceof ArrayNode filters) {
            for (int i = filters.size() - 1; i >= 0; i--) {
                JsonNode f = filters.get(i);
                if (f.path("type").asString("").equals("RequestMirror")
                        && table.carriesCanary(f.path("requestMirror").path("backendRef"))) {
                    filters.remove(i);
                }
            }
            if (filters.isEmpty()) {
                route.remove("filters");
            }
        }
    }
}
