package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.Trees;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The undo of {@link ServiceSelector}: the selector key back to its old value, or removed. */
public record SelectorRestore(String key, Optional<String> value) implements RoutingEdit {

    public SelectorRestore {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode service = ServiceSelector.copy(live);
        ObjectNode selector = Trees.object(service, "spec", "selector");
        if (value.isPresent()) {
            selector.put(key, value.get());
        } else {
            selector.remove(key);
        }
        return service;
    }
}
