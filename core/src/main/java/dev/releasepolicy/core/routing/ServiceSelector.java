package dev.releasepolicy.core.routing;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edit.ReversibleEdit;
import dev.releasepolicy.core.edit.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The blue-green switch of a Service ({@code blueGreen.service}, or {@code previewService}): its selector
 * gains (or changes) {@code key: value}, every other selector key as the team has it. A Service with no
 * selector is refused (it selects no pods by label, so adding a version would make it select every
 * application's pods of that version); {@link #warnings} reports a selector with no application key.
 */
public record ServiceSelector(String key, String value) implements RoutingEdit, ReversibleEdit {

    public ServiceSelector {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    static ObjectNode copy(JsonNode live) {
        ObjectNode service = Trees.copyObject(live, "Service");
        if (!service.path("kind").asString("").equals("Service")
                || !service.path("apiVersion").asString("").equals("v1")) {
            throw new EditRefusedException(
                    "expected a v1 Service but got " + service.path("kind").asString("an object"),
                    "name the Service that sends traffic to the application");
        }
        return service;
    }

    @Override
    public JsonNode apply(JsonNode live) {
        ObjectNode service = copy(live);
        JsonNode selector = service.path("spec").path("selector");
        if (!(selector instanceof ObjectNode s) || s.isEmpty()) {
            throw new EditRefusedException(
                    "Service " + Routes.name(service) + " has no selector",
                    "give it a selector such as app: <application> (the pods' labels), so a version can be added");
        }
        s.put(key, value);
        return service;
    }

    /** What is doubtful about switching this Service: a selector without any application label key. */
    public List<String> warnings(JsonNode live) {
        ObjectNode service = copy(live);
        JsonNode selector = service.path("spec").path("selector");
        List<String> warnings = new ArrayList<>();
        if (AppLabels.find(selector).isEmpty()) {
            List<String> keys = new ArrayList<>();
            selector.propertyNames().forEach(keys::add);
            warnings.add("Service " + Routes.name(service) + " selects by " + (keys.isEmpty() ? "nothing" : keys)
                    + " and by no application label (" + String.join(", ", AppLabels.KEYS) + "): with " + key
                    + " it may select other applications' pods of the same version; add app: <application> to the"
                    + " selector and the pod labels");
        }
        return warnings;
    }

    @Override
    public ObjectEdit inverse(JsonNode before) {
        JsonNode was = copy(before).path("spec").path("selector").path(key);
        return new SelectorRestore(key, was.isString() ? Optional.of(was.asString()) : Optional.empty());
    }
}
