package dev.releasepolicy.core.template;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.SourceMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The {@code metricTemplates} of a configuration, and their expansion into manifests.
 *
 * <p>A manifest metric {@code {name: success-rate, template: http-success-rate, args: {service: orders-api}}}
 * becomes the template's fields with every {@code {{args.NAME}}} in every string value (at any depth, so
 * a {@code web} URL or header works as well as a {@code query}) replaced by the argument, then the
 * manifest's own fields on top: a field written beside {@code template} (its own {@code max}, say) wins
 * over the template's, so a team can share a query and still choose its threshold. {@code template} and
 * {@code args} stay in the expanded metric, so a reader of the plan sees where it came from.
 *
 * <p>An unknown template, a missing or undeclared argument, or an argument that is not a scalar is a
 * {@value #POLICY_ID} finding at that place in the manifest, and the metric is left as written. A template
 * whose strings use a placeholder it does not declare can never be expanded: {@link #problems()} reports
 * it at its place in the configuration file.
 *
 * @param file      the configuration file as named ({@code ""} for none)
 * @param templates the templates by name, in the order written
 * @param problems  findings about the templates themselves and the files they come from, each located in
 *                  the file that has it (the configuration, or a file it includes)
 */
public record MetricTemplates(String file, Map<String, MetricTemplate> templates, List<Finding> problems) {

    /** Policy id of the findings about templates and their use. */
    public static final String POLICY_ID = "metric-template";

    /** No templates. */
    public static final MetricTemplates NONE = new MetricTemplates("", Map.of(), List.of());

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");
    private static final String METRICS = "/spec/monitoring/metrics";

    public MetricTemplates {
        templates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(templates));
        problems = List.copyOf(problems);
    }

    /**
     * {@link #problems()} by the file they are in (the configuration, or a file it includes), in the order
     * the files first appear.
     */
    public Map<String, List<Finding>> problemsByFile() {
        Map<String, List<Finding>> byFile = new LinkedHashMap<>();
        for (Finding f : problems) {
            byFile.computeIfAbsent(f.location().file(), k -> new ArrayList<>()).add(f);
        }
        return byFile;
    }

    /** The result of expanding one manifest: the manifest to check and plan, and what was wrong. */
    public record Expansion(Manifest manifest, List<Finding> findings) {
        public Expansion {
            findings = List.copyOf(findings);
        }
    }

    /**
     * Reads {@code metricTemplates} of a configuration tree that passed its schema.
     *
     * @param file the configuration file as named, for the findings' locations
     */
    public static MetricTemplates read(String file, JsonNode config, SourceMap sourceMap) {
        Map<String, MetricTemplate> templates = new LinkedHashMap<>();
        List<Finding> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : config.path("metricTemplates").properties()) {
            String pointer = "/metricTemplates/" + SourceMap.escape(e.getKey());
            List<String> args = new ArrayList<>();
            e.getValue().path("args").forEach(a -> args.add(a.asString()));
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> f : e.getValue().properties()) {
                // the manifest names the metric and says which template; a template cannot
                if (!Set.of("args", "name", "template").contains(f.getKey())) {
                    fields.set(f.getKey(), f.getValue().deepCopy());
                }
            }
            MetricTemplate t = new MetricTemplate(e.getKey(), args, fields, pointer);
            templates.put(t.name(), t);
            undeclared(t, fields, pointer, args, sourceMap, problems);
        }
        return new MetricTemplates(file, templates, problems);
    }

    /** Every placeholder of a template's strings that names no declared argument, located in the file. */
    private static void undeclared(
            MetricTemplate t,
            JsonNode node,
            String pointer,
            List<String> args,
            SourceMap sourceMap,
            List<Finding> problems) {
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.asString());
            Set<String> seen = new LinkedHashSet<>();
            while (m.find()) {
                if (!args.contains(m.group(1)) && seen.add(m.group(1))) {
                    problems.add(Finding.error(
                            POLICY_ID,
                            "metric template '" + t.name() + "' uses {{args." + m.group(1)
                                    + "}} but does not declare it in args " + args
                                    + ": no manifest can expand this template",
                            "add '" + m.group(1) + "' to metricTemplates." + t.name()
                                    + ".args, or fix the placeholder's name",
                            sourceMap.locate(pointer),
                            pointer));
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                undeclared(t, e.getValue(), pointer + "/" + SourceMap.escape(e.getKey()), args, sourceMap, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                undeclared(t, node.get(i), pointer + "/" + i, args, sourceMap, problems);
            }
        }
    }

    /**
     * Expands the template metrics of a manifest. A manifest without any keeps its tree (the same object);
     * otherwise the result is a copy, located with the manifest's source map (an expanded field has no
     * place of its own in the manifest and is located at its metric).
     */
    public Expansion expand(Manifest manifest) {
        JsonNode metrics = manifest.tree().path("spec").path("monitoring").path("metrics");
        if (!metrics.isArray() || metrics.valueStream().noneMatch(m -> m.has("template"))) {
            return new Expansion(manifest, List.of());
        }
        ObjectNode tree = (ObjectNode) manifest.tree().deepCopy();
        ArrayNode copy = (ArrayNode) tree.path("spec").path("monitoring").path("metrics");
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            JsonNode metric = copy.get(i);
            if (metric.isObject() && metric.has("template")) {
                ObjectNode expanded = expandOne((ObjectNode) metric, METRICS + "/" + i, manifest.sourceMap(), findings);
                copy.set(i, expanded);
            }
        }
        return new Expansion(new Manifest(manifest.file(), manifest.document(), tree, manifest.sourceMap()), findings);
    }

    private ObjectNode expandOne(ObjectNode metric, String at, SourceMap sourceMap, List<Finding> findings) {
        String name = metric.path("template").asString("");
        MetricTemplate t = templates.get(name);
        String metricName = metric.path("name").asString("");
        if (t == null) {
            findings.add(Finding.error(
                    POLICY_ID,
                    "metric '" + metricName + "' uses the template '" + name + "', which is not defined",
                    templates.isEmpty()
                            ? "define it under metricTemplates in .release-policy.yaml (or the file given with"
                                    + " --config), or write the metric's query here"
                            : "use one of " + String.join(", ", new TreeSet<>(templates.keySet()))
                                    + (file.isEmpty() ? "" : " (metricTemplates in " + file + ")"),
                    sourceMap.locate(at + "/template"),
                    at + "/template"));
            return metric;
        }
        JsonNode given = metric.path("args");
        Map<String, String> args = new LinkedHashMap<>();
        int before = findings.size();
        for (Map.Entry<String, JsonNode> a : given.properties()) {
            String where = at + "/args/" + SourceMap.escape(a.getKey());
            if (!t.args().contains(a.getKey())) {
                findings.add(Finding.error(
                        POLICY_ID,
                        "metric '" + metricName + "' passes the argument '" + a.getKey() + "', which the template '"
                                + name + "' does not declare",
                        t.args().isEmpty()
                                ? "remove it: the template takes no arguments"
                                : "remove it, or use one of " + String.join(", ", t.args()),
                        sourceMap.locateKey(where),
                        where));
            } else if (a.getValue().isValueNode() && !a.getValue().isNull()) {
                args.put(a.getKey(), a.getValue().asString());
            } else {
                findings.add(Finding.error(
                        POLICY_ID,
                        "the argument '" + a.getKey() + "' of metric '" + metricName + "' is "
                                + (a.getValue().isNull() ? "empty" : "not a single value"),
                        "write a text or a number, e.g. " + a.getKey() + ": orders-api",
                        sourceMap.locate(where),
                        where));
            }
        }
        List<String> missing = t.args().stream().filter(a -> !given.has(a)).toList();
        if (!missing.isEmpty()) {
            String where = given.isObject() ? at + "/args" : at + "/template";
            findings.add(Finding.error(
                    POLICY_ID,
                    "metric '" + metricName + "' does not pass the argument" + (missing.size() == 1 ? " " : "s ")
                            + String.join(", ", missing) + " of the template '" + name + "'",
                    "add args: {"
                            + String.join(
                                    ", ", missing.stream().map(m -> m + ": ...").toList()) + "}",
                    sourceMap.locate(where),
                    where));
        }
        if (findings.size() > before) {
            return metric;
        }
        ObjectNode expanded = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> f : metric.properties()) {
            expanded.set(f.getKey(), f.getValue());
        }
        for (Map.Entry<String, JsonNode> f : t.fields().properties()) {
            if (!metric.has(f.getKey())) {
                expanded.set(f.getKey(), substitute(f.getValue(), args));
            }
        }
        return expanded;
    }

    /** A copy of {@code node} with the placeholders of every string replaced (all of them are declared). */
    private static JsonNode substitute(JsonNode node, Map<String, String> args) {
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.asString());
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(args.getOrDefault(m.group(1), m.group())));
            }
            m.appendTail(sb);
            return StringNode.valueOf(sb.toString());
        }
        if (node.isObject()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> o.set(e.getKey(), substitute(e.getValue(), args)));
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            node.forEach(v -> a.add(substitute(v, args)));
            return a;
        }
        return node.deepCopy();
    }
}
