package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.Trees;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Removes the route named {@code name} (a header route the release added) or, when one of that name was
 * there before, puts that one back at its old place. Removing a route that is not there changes
 * nothing, so a rollback can run it twice.
 */
public record NamedRouteRestore(RouteTable table, String name, Optional<JsonNode> route, int index)
        implements RoutingEdit {

    public NamedRouteRestore {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        route = route.map(JsonNode::deepCopy);
    }

    /** Deletes exactly the route named {@code name}. */
    public static NamedRouteRestore removal(RouteTable table, String name) {
        return new NamedRouteRestore(table, name, Optional.empty(), -1);
    }

    /** Restores the route named {@code name} as {@code before} had it (or its absence). */
    public static NamedRouteRestore of(RouteTable table, String name, JsonNode before) {
        ObjectNode object = Routes.copy(before, table);
        JsonNode list = object.path("spec").path(table.listField());
        int i = list.isArray() ? Trees.indexOfName(list, name) : -1;
        return i < 0 ? removal(table, name) : new NamedRouteRestore(table, name, Optional.of(list.get(i)), i);
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode object = Routes.copy(live, table);
        if (!(object.path("spec").path(table.listField()) instanceof ArrayNode list)) {
            route.ifPresent(r ->
                    Trees.object(object, "spec").putArray(table.listField()).add(r.deepCopy()));
            return object;
        }
        int at = Trees.indexOfName(list, name);
        if (at >= 0) {
            list.remove(at);
        }
        route.ifPresent(r -> list.insert(Math.min(index, list.size()), r.deepCopy()));
        return object;
    }
}
