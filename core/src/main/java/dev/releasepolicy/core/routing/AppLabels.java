package dev.releasepolicy.core.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Label keys that say which application a pod belongs to. A selector or subset that uses none of them
 * and gains {@code version} would select every application's pods of that version.
 */
public final class AppLabels {

    /** The keys recognised, in order of preference. */
    public static final List<String> KEYS =
            List.of("app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "k8s-app");

    private AppLabels() {}

    /** The first application key of a label map, with its value. */
    public static Optional<Map.Entry<String, String>> find(JsonNode labels) {
        for (String key : KEYS) {
            if (labels.path(key).isString()) {
                return Optional.of(Map.entry(key, labels.get(key).asString()));
            }
        }
        return Optional.empty();
    }
}
