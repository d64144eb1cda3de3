package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds metrics to the release's {@code spec.monitoring.metrics}, each located at the Argo or Flagger field
 * it was read from, and answers the names that analysis steps refer to.
 */
final class AnalysisMetrics {

    private static final Set<String> ARGO_METRIC_KEYS =
            Set.of("name", "interval", "successCondition", "failureCondition", "failureLimit", "provider");

    private AnalysisMetrics() {}

    static ObjectNode monitoring(Synthesis s) {
        JsonNode m = s.spec.path("monitoring");
        return m.isObject() ? (ObjectNode) m : s.spec.putObject("monitoring");
    }

    static ArrayNode metrics(Synthesis s) {
        ObjectNode monitoring = monitoring(s);
        JsonNode list = monitoring.path("metrics");
        return list.isArray() ? (ArrayNode) list : monitoring.putArray("metrics");
    }

    /** The index of the metric named {@code name}, if the release has it already. */
    static Optional<Integer> indexOf(Synthesis s, String name) {
        ArrayNode metrics = metrics(s);
        for (int i = 0; i < metrics.size(); i++) {
            if (name.equals(metrics.get(i).path("name").asString(""))) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /**
     * The metrics of an AnalysisTemplate or ClusterAnalysisTemplate, added once each.
     *
     * @return the metric names as the release writes them
     */
    static List<String> fromArgoTemplate(Synthesis s, Manifest template) {
        List<String> names = new ArrayList<>();
        JsonNode metrics = template.tree().path("spec").path("metrics");
        for (int j = 0; j < metrics.size(); j++) {
            JsonNode metric = metrics.get(j);
            String at = "/spec/metrics/" + j;
            String name = Values.metricName(metric.path("name").asString("metric" + j));
            names.add(name);
            if (indexOf(s, name).isPresent()) {
                continue;
            }
            ArrayNode list = metrics(s);
            String to = "/spec/monitoring/metrics/" + list.size();
            ObjectNode out = list.addObject();
            out.put("name", name);
            s.from(to, template, at);
            s.from(to + "/name", template, at + "/name");
            JsonNode prometheus = metric.path("provider").path("prometheus");
            if (prometheus.isObject()) {
                out.put("query", prometheus.path("query").asString("").strip());
                s.from(to + "/query", template, at + "/provider/prometheus/query");
                ObjectNode monitoring = monitoring(s);
                if (!monitoring.has("provider")) {
                    monitoring.put("provider", "prometheus");
                    s.from("/spec/monitoring/provider", template, at + "/provider/prometheus");
                }
                if (!monitoring.has("address") && prometheus.path("address").isString()) {
                    monitoring.put("address", prometheus.path("address").asString());
                    s.from("/spec/monitoring/address", template, at + "/provider/prometheus/address");
                }
            } else {
                String provider = metric.path("provider").propertyNames().stream()
                        .findFirst()
                        .orElse("none");
                out.put("query", provider + " metric " + name);
                s.from(to + "/query", template, at + "/provider");
                s.notChecked("metric provider " + provider, template, at + "/provider");
            }
            threshold(s, template, metric, at, out, to);
            Optional<String> interval = Values.duration(metric.path("interval"));
            if (interval.isPresent()) {
                out.put("interval", interval.get());
                s.from(to + "/interval", template, at + "/interval");
            }
            if (metric.path("failureLimit").isIntegralNumber()) {
                out.put("failureLimit", metric.path("failureLimit").asInt());
                s.from(to + "/failureLimit", template, at + "/failureLimit");
            }
            s.notCheckedKeys(metric, at, "metrics.", ARGO_METRIC_KEYS, template);
        }
        return names;
    }

    private static void threshold(
            Synthesis s, Manifest template, JsonNode metric, String at, ObjectNode out, String to) {
        for (String key : List.of("successCondition", "failureCondition")) {
            JsonNode c = metric.path(key);
            if (!c.isString()) {
                continue;
            }
            Optional<Values.Threshold> t = Values.condition(c.asString());
            if (t.isEmpty()) {
                s.notChecked(key + " '" + c.asString().strip() + "'", template, at + "/" + key);
                continue;
            }
            // success below a value, or failure above it, is a maximum; the other way round a minimum.
            boolean max = key.equals("successCondition") == t.get().upper();
            String field = max ? "max" : "min";
            if (!out.has(field)) {
                out.put(field, t.get().value());
                s.from(to + "/" + field, template, at + "/" + key);
            }
        }
    }

    /**
     * Automatic rollback on every metric with a threshold: what Argo's background analysis and
     * post-promotion analysis and Flagger's analysis do when a check fails.
     */
    static void automaticRollback(Synthesis s, List<String> names, Manifest doc, String pointer) {
        JsonNode existing = s.spec.path("rollback");
        ObjectNode rollback = existing.isObject() ? (ObjectNode) existing : s.spec.putObject("rollback");
        if (rollback.has("automatic")) {
            return;
        }
        ArrayNode automatic = rollback.putArray("automatic");
        for (String name : names) {
            Optional<Integer> i = indexOf(s, name);
            if (i.isEmpty()) {
                continue;
            }
            JsonNode metric = metrics(s).get(i.get());
            if (!metric.has("max") && !metric.has("min")) {
                continue;
            }
            ObjectNode trigger = automatic.addObject();
            trigger.put("metric", name);
            if (metric.has("max")) {
                trigger.set("above", metric.get("max"));
            } else {
                trigger.set("below", metric.get("min"));
            }
            s.from("/spec/rollback/automatic/" + (automatic.size() - 1), doc, pointer);
        }
        if (automatic.isEmpty()) {
            rollback.remove("automatic");
            if (rollback.isEmpty()) {
                s.spec.remove("rollback");
            }
        }
    }
}
