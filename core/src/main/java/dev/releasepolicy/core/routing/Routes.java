package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.Trees;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Finding the managed routes of a router object; shared by every routing edit. */
final class Routes {

    private Routes() {}

    /** A deep copy of {@code live}, refused unless it is the table's kind. */
    static ObjectNode copy(JsonNode live, RouteTable table) {
        ObjectNode copy = Trees.copyObject(live, table.kind());
        String kind = copy.path("kind").asString("");
        String group = copy.path("apiVersion").asString("").replaceFirst("/[^/]*$", "");
        if (!kind.equals(table.kind()) || !group.equals(table.group())) {
            throw new EditRefusedException(
                    "expected a " + table.kind() + " (" + table.group() + ") but got "
                            + (kind.isEmpty()
                                    ? "an object without kind"
                                    : kind + " " + copy.path("apiVersion").asString("")),
                    "name the " + table.kind() + " that routes the application's traffic");
        }
        return copy;
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asString("(unnamed)");
    }

    static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asString("");
    }

    /** The route list of {@code object} (refused when it has none). */
    static ArrayNode list(ObjectNode object, RouteTable table) {
        JsonNode list = object.path("spec").path(table.listField());
        if (!(list instanceof ArrayNode array) || array.isEmpty()) {
            throw new EditRefusedException(
                    table.kind() + " " + name(object) + " has no " + table.listField() + " " + table.item() + "s",
                    "add a " + table.item() + " to " + table.describe() + " to spec." + table.listField() + " of the "
                            + table.kind());
        }
        return array;
    }

    /** Indexes of the managed routes in list order. */
    static List<Integer> managed(ObjectNode object, RouteTable table, RouteSelection selection) {
        ArrayNode list = list(object, table);
        String ns = namespace(object);
        List<Integer> managed = new ArrayList<>();
        if (!selection.names().isEmpty()) {
            for (String n : selection.names().stream().distinct().toList()) {
                if (selection.own().contains(n)) {
                    throw new EditRefusedException(
                            table.item() + " " + n + " is named as managed and is also the" + " release's own "
                                    + table.item(),
                            "give the header route a name of its own");
                }
                int i = Trees.indexOfName(list, n);
                if (i < 0) {
                    throw new EditRefusedException(
                            table.kind() + " " + name(object) + " has no " + table.item() + " named " + n + "; its "
                                    + table.item() + "s are " + describeNames(list),
                            "name one of them in " + table.setting() + ", or give the " + table.item() + " the name "
                                    + n + " in the " + table.kind());
                }
                List<String> foreign = foreign(list.get(i), table, ns);
                if (!foreign.isEmpty()) {
                    throw new EditRefusedException(
                            table.item() + " " + n + " of " + table.kind() + " " + name(object)
                                    + " also sends traffic to " + String.join(", ", foreign) + ", not only to "
                                    + table.describe(),
                            "name a " + table.item() + " whose destinations are all the "
                                    + "application's, or split the " + table.item() + " in two");
                }
                managed.add(i);
            }
            managed.sort(null);
            return managed;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode route = list.get(i);
            if (selection.own().contains(route.path("name").asString(""))) {
                continue;
            }
            JsonNode destinations = route.path(table.destinationsField());
            if (destinations.isArray()
                    && !destinations.isEmpty()
                    && foreign(route, table, ns).isEmpty()) {
                managed.add(i);
            }
        }
        if (managed.isEmpty()) {
            throw new EditRefusedException(
                    "no " + table.item() + " of " + table.kind() + " " + name(object)
                            + " sends traffic only to " + table.describe() + "; its " + table.item() + "s are "
                            + describeNames(list),
                    "name the " + table.item() + "s to manage in " + table.setting());
        }
        return managed;
    }

    /** The managed routes themselves, in list order. */
    static List<ObjectNode> managedRoutes(ObjectNode object, RouteTable table, RouteSelection selection) {
        ArrayNode list = list(object, table);
        return managed(object, table, selection).stream()
                .map(i -> (ObjectNode) list.get(i))
                .toList();
    }

    private static List<String> foreign(JsonNode route, RouteTable table, String namespace) {
        List<String> foreign = new ArrayList<>();
        for (JsonNode d : route.path(table.destinationsField())) {
            if (!table.owns(d, namespace)) {
                foreign.add(
                        d.has("destination")
                                ? d.path("destination").path("host").asString("?")
                                : d.path("name").asString("?"));
            }
        }
        return foreign;
    }

    /** "primary, legacy and 1 unnamed" or "none named (2 unnamed)". */
    static String describeNames(ArrayNode list) {
        List<String> names = Trees.names(list);
        int unnamed = list.size() - names.size();
        String named = names.isEmpty() ? "none named" : String.join(", ", names);
        return unnamed == 0 ? named : named + " (and " + unnamed + " unnamed)";
    }
}
