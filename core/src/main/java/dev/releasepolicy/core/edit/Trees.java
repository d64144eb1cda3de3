package dev.releasepolicy.core.edit;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small helpers the edits share for reading Kubernetes object trees: Kubernetes lists are arrays of
 * objects keyed by a {@code name} field, and an edit must tell "absent" apart from "empty".
 */
public final class Trees {

    private Trees() {}

    /** A deep copy of {@code live} as an object, refusing anything else. */
    public static ObjectNode copyObject(JsonNode live, String what) {
        if (!(live instanceof ObjectNode o)) {
            throw new EditRefusedException(
                    what + " is not an object but " + live.getNodeType(),
                    "pass the object as the API server returns it");
        }
        return o.deepCopy();
    }

    /** The object at {@code path} under {@code root}, created (appended last) where missing. */
    public static ObjectNode object(ObjectNode root, String... path) {
        ObjectNode at = root;
        for (String key : path) {
            JsonNode next = at.get(key);
            if (next instanceof ObjectNode o) {
                at = o;
            } else {
                at = at.putObject(key);
            }
        }
        return at;
    }

    /** The index of the element whose {@code name} is {@code name}, or -1. */
    public static int indexOfName(JsonNode array, String name) {
        for (int i = 0; i < array.size(); i++) {
            if (name.equals(array.get(i).path("name").asString(""))) {
                return i;
            }
        }
        return -1;
    }

    /** The {@code name}s of an array's elements (those that have one), in order. */
    public static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        for (JsonNode element : array) {
            if (element.path("name").isString()) {
                names.add(element.get("name").asString());
            }
        }
        return names;
    }

    /** Puts {@code value} at {@code key}, or removes the key when the value was absent. */
    public static void restore(ObjectNode target, String key, JsonNode valueOrMissing) {
        if (valueOrMissing.isMissingNode()) {
            target.remove(key);
        } else {
            target.set(key, valueOrMissing.deepCopy());
        }
    }

    /** An array field, or a new empty array appended last. */
    public static ArrayNode array(ObjectNode parent, String key) {
        JsonNode a = parent.get(key);
        return a instanceof ArrayNode array ? array : parent.putArray(key);
    }
}
