package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static final Set<String> ARGO_METRIC_KEYS = Set.of(
            "name",
            "interval",
            "successCondition",
            "failureCondition",
            "failureLimit",
            "provider",
            "count",
            "inconclusiveLimit",
            "consecutiveErrorLimit",
            "initialDelay");

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
     * The metrics of an AnalysisTemplate or ClusterAnalysisTemplate, added once each, with every
     * {@code {{args.NAME}}} of their strings replaced by {@code args} (placeholders without a value stay).
     *
     * @return the metric names as the release writes them
     */
    static List<String> fromArgoTemplate(Synthesis s, Manifest template, Map<String, String> args) {
        List<String> names = new ArrayList<>();
        JsonNode metrics = template.tree().path("spec").path("metrics");
        for (int j = 0; j < metrics.size(); j++) {
            JsonNode metric = Values.substitute(metrics.get(j), args);
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
            JsonNode provider = metric.path("provider");
            if (provider.path("prometheus").isObject()) {
                prometheus(s, template, provider.path("prometheus"), at + "/provider/prometheus", out, to);
            } else if (!(provider.path("web").isObject()
                            && ArgoChecks.web(s, template, provider.path("web"), at, out, to))
                    && !(provider.path("job").isObject()
                            && ArgoChecks.job(s, template, provider.path("job"), at, out, to))) {
                String kind = provider.propertyNames().stream().findFirst().orElse("none");
                out.put("query", kind + " metric " + name);
                s.from(to + "/query", template, at + "/provider");
                if (!kind.equals("web") && !kind.equals("job")) {
                    s.notChecked("metric provider " + kind, template, at + "/provider");
                }
            }
            if (!out.has("job")) {
                threshold(s, template, metric, at, out, to);
            }
            Optional<String> interval = Values.duration(metric.path("interval"));
            if (interval.isPresent()) {
                out.put("interval", interval.get());
                s.from(to + "/interval", template, at + "/interval");
            }
            Optional<String> delay = Values.duration(metric.path("initialDelay"));
            if (delay.isPresent()) {
                out.put("initialDelay", delay.get());
                s.from(to + "/initialDelay", template, at + "/initialDelay");
            } else if (metric.has("initialDelay")) {
                s.notChecked(
                        "initialDelay '" + metric.path("initialDelay").asString("") + "'",
                        template,
                        at + "/initialDelay");
            }
            for (String knob : List.of("count", "failureLimit", "inconclusiveLimit", "consecutiveErrorLimit")) {
                Optional<Integer> n = Values.count(metric.path(knob));
                int least = knob.equals("count") ? 1 : 0;
                if (n.isPresent() && n.get() >= least) {
                    out.put(knob, n.get());
                    s.from(to + "/" + knob, template, at + "/" + knob);
                } else if (metric.has(knob)) {
                    s.notChecked(knob + " '" + metric.path(knob).asString("") + "'", template, at + "/" + knob);
                }
            }
            dryRun(s, template, name, metric.path("name").asString(""), out, to);
            s.notCheckedKeys(metric, at, "metrics.", ARGO_METRIC_KEYS, template);
        }
        return names;
    }

    private static void prometheus(
            Synthesis s, Manifest template, JsonNode prometheus, String at, ObjectNode out, String to) {
        out.put("query", prometheus.path("query").asString("").strip());
        s.from(to + "/query", template, at + "/query");
        ObjectNode monitoring = monitoring(s);
        if (!monitoring.has("provider")) {
            monitoring.put("provider", "prometheus");
            s.from("/spec/monitoring/provider", template, at);
        }
        if (!monitoring.has("address") && prometheus.path("address").isString()) {
            monitoring.put("address", prometheus.path("address").asString());
            s.from("/spec/monitoring/address", template, at + "/address");
        }
    }

    /**
     * The template's {@code spec.dryRun[].metricName} (a name or a regular expression such as {@code .*}) makes
     * the metric a dry run: measured and reported, never deciding.
     */
    private static void dryRun(
            Synthesis s, Manifest template, String name, String argoName, ObjectNode out, String to) {
        JsonNode list = template.tree().path("spec").path("dryRun");
        for (int k = 0; k < list.size(); k++) {
            String pattern = list.get(k).path("metricName").asString("");
            boolean matches;
            try {
                matches = argoName.matches(pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                matches = argoName.equals(pattern);
            }
            if (matches) {
                out.put("dryRun", true);
                s.from(to + "/dryRun", template, "/spec/dryRun/" + k + "/metricName");
                return;
            }
        }
    }

    /**
     * Bounds from the simple conditions, exactly: success {@code <=} is {@code max}, {@code <} is {@code below},
     * {@code >=} is {@code min}, {@code >} is {@code above}; a failure condition is the healthy side's opposite
     * ({@code result[0] > X} fails, so {@code max: X}). Any other expression is "not checked".
     */
    private static void threshold(
            Synthesis s, Manifest template, JsonNode metric, String at, ObjectNode out, String to) {
        for (String key : List.of("successCondition", "failureCondition")) {
            JsonNode c = metric.path(key);
            if (!c.isString()) {
                continue;
            }
            Optional<Values.Threshold> t = Values.condition(c.asString());
            if (t.isEmpty()) {
                s.notChecked("condition '" + c.asString().strip() + "'", template, at + "/" + key);
                continue;
            }
            String field = t.get().bound(key.equals("successCondition"));
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
            // A dry-run metric never decides, and a job or webhook has no number to watch.
            if (metric.path("dryRun").asBoolean(false) || metric.has("job") || metric.has("webhook")) {
                continue;
            }
            JsonNode upper = metric.has("max") ? metric.get("max") : metric.get("below");
            JsonNode lower = metric.has("min") ? metric.get("min") : metric.get("above");
            if (upper == null && lower == null) {
                continue;
            }
            ObjectNode trigger = automatic.addObject();
            trigger.put("metric", name);
            if (upper != null) {
                trigger.set("above", upper);
            } else {
                trigger.set("below", lower);
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
