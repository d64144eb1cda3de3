package dev.releasepolicy.core.template;

import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of {@code metricTemplates}: the argument names it declares and the metric fields it supplies
 * (whatever kind of check they describe), with {@code {{args.NAME}}} placeholders in their strings.
 *
 * @param name    the key in {@code metricTemplates}
 * @param args    the declared argument names, in the order written
 * @param fields  the metric fields besides {@code args}; treat as read-only
 * @param pointer where the template is in the configuration file (JSON Pointer)
 */
public record MetricTemplate(String name, List<String> args, ObjectNode fields, String pointer) {

    public MetricTemplate {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(pointer, "pointer");
    }
}
