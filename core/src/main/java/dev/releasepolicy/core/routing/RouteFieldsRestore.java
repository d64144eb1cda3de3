package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts back some fields of the managed routes as they were (present with their old value, or absent):
 * the undo of a weight change ({@code route} / {@code backendRefs}) or of a mirror ({@code mirror},
 * {@code mirrorPercentage} / {@code filters}). {@code saved} holds, per managed route in list order,
 * an object with just those fields as they were.
 */
public record RouteFieldsRestore(RouteTable table, RouteSelection routes, List<String> fields, List<JsonNode> saved)
        implements RoutingEdit {

    public RouteFieldsRestore {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(routes, "routes");
        fields = List.copyOf(fields);
        saved = saved.stream().map(JsonNode::deepCopy).toList();
    }

    /** The restore of {@code fields} of the routes {@code routes} selects in {@code before}. */
    public static RouteFieldsRestore of(RouteTable table, RouteSelection routes, List<String> fields, JsonNode before) {
        ObjectNode object = Routes.copy(before, table);
        List<JsonNode> saved = new ArrayList<>();
        for (ObjectNode route : Routes.managedRoutes(object, table, routes)) {
            ObjectNode kept = route.objectNode();
            fields.stream().filter(route::has).forEach(f -> kept.set(f, route.get(f)));
            saved.add(kept);
        }
        return new RouteFieldsRestore(table, routes, fields, saved);
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode object = Routes.copy(live, table);
        List<ObjectNode> managed = Routes.managedRoutes(object, table, routes);
        if (managed.size() != saved.size()) {
            throw new EditRefusedException(
                    table.kind() + " " + Routes.name(object) + " now has " + managed.size() + " managed " + table.item()
                            + "s where the release saved " + saved.size(),
                    "someone changed the " + table.item() + "s during the release: put back " + fields
                            + " of each by hand");
        }
        for (int i = 0; i < managed.size(); i++) {
            for (String f : fields) {
                Trees.restore(managed.get(i), f, saved.get(i).path(f));
            }
        }
        return object;
    }
}
