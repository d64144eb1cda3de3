package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.manifest.SourceMap;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.template.MetricTemplate;
import dev.releasepolicy.core.template.MetricTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the {@code metricTemplates} of a configuration and of the files it includes ({@code include:
 * [path, ...]}, each path relative to the folder of the file that names it, nested to any depth).
 *
 * <p>An included file holds only {@code metricTemplates} and {@code include}: policies, rules and waivers
 * stay in the one configuration file a reader opens to learn what a run does. A file included twice (two
 * files include a shared one) is read once; a file that includes itself, directly or through others, is
 * a cycle. Every problem (a missing or unreadable file, a cycle, bad YAML or a broken field in an
 * included file, another top-level key there, a template name defined twice) is an error finding at the
 * place in the file that has it: it joins the templates' own {@link MetricTemplates#problems()}, so
 * {@code verify} reports it and {@code plan} refuses, as for any other problem of a template.
 */
final class ConfigIncludes {

    /** Policy id of the findings about included files (those of the templates keep theirs). */
    static final String POLICY_ID = "config";

    private static final Set<String> ALLOWED = Set.of("metricTemplates", "include");

    private final String root;
    private final ManifestLoader loader = new ManifestLoader();
    private final SchemaValidator schema = SchemaValidator.forBundled("release-policy-config.schema.json");
    private final Map<String, MetricTemplate> templates = new LinkedHashMap<>();
    private final Map<String, Location> definedAt = new LinkedHashMap<>();
    private final List<Finding> problems = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private final Set<Path> read = new HashSet<>();
    /** The files being read, the configuration first: an include of one of them is a cycle. */
    private final List<Path> chain = new ArrayList<>();

    private final List<String> chainNames = new ArrayList<>();

    /**
     * What the configuration and its includes define.
     *
     * @param templates the templates of all files: the configuration's own first, then each included
     *                  file's in the order they are included (depth first); problems included
     * @param files     the included files that were read, as named (relative to where the configuration
     *                  is named from), in that order; the configuration itself is not among them
     */
    record Result(MetricTemplates templates, List<String> files) {
        Result {
            files = List.copyOf(files);
        }
    }

    private ConfigIncludes(String root) {
        this.root = root;
    }

    /**
     * Reads the templates of a configuration that passed its schema and of everything it includes.
     *
     * @param path    the configuration file, as given
     * @param display its name in findings
     */
    static Result read(Path path, String display, JsonNode tree, SourceMap sourceMap) {
        ConfigIncludes includes = new ConfigIncludes(display);
        includes.visit(path, display, tree, sourceMap);
        return new Result(new MetricTemplates(display, includes.templates, includes.problems), includes.files);
    }

    private void visit(Path path, String display, JsonNode tree, SourceMap sourceMap) {
        Path identity = identity(path);
        read.add(identity);
        chain.add(identity);
        chainNames.add(display);
        MetricTemplates own = MetricTemplates.read(display, tree, sourceMap);
        problems.addAll(own.problems());
        for (MetricTemplate t : own.templates().values()) {
            Location at = sourceMap.locateKey(t.pointer());
            Location first = definedAt.get(t.name());
            if (first != null) {
                problems.add(Finding.error(
                        POLICY_ID,
                        "the metric template '" + t.name() + "' is defined twice: at " + first + " and at " + at,
                        "rename one of them, or remove the one that should not be used: a template name is"
                                + " defined once across " + root + " and the files it includes",
                        at,
                        t.pointer()));
            } else {
                definedAt.put(t.name(), at);
                templates.put(t.name(), t);
            }
        }
        JsonNode entries = tree.path("include");
        for (int i = 0; i < entries.size(); i++) {
            include(path, display, entries.get(i).asString(), "/include/" + i, sourceMap);
        }
        chain.removeLast();
        chainNames.removeLast();
    }

    /** Reads one entry of {@code include} of the file {@code from}, reporting problems at the entry. */
    private void include(Path from, String fromDisplay, String entry, String pointer, SourceMap sourceMap) {
        Location at = sourceMap.locate(pointer);
        Path path;
        try {
            path = from.resolveSibling(entry).normalize();
        } catch (InvalidPathException e) {
            problems.add(Finding.error(
                    POLICY_ID,
                    "the included file '" + entry + "' is not a valid path: " + e.getReason(),
                    "write a path relative to the folder of " + fromDisplay + ", e.g. metric-templates.yaml",
                    at,
                    pointer));
            return;
        }
        String display = path.toString().replace('\\', '/');
        if (!Files.isRegularFile(path)) {
            problems.add(Finding.error(
                    POLICY_ID,
                    "the included file " + display + " does not exist",
                    "fix the path '" + entry + "': it is relative to the folder of " + fromDisplay
                            + ", not to the working directory",
                    at,
                    pointer));
            return;
        }
        Path identity = identity(path);
        if (chain.contains(identity)) {
            List<String> cycle = new ArrayList<>(chainNames.subList(chain.indexOf(identity), chainNames.size()));
            cycle.add(display);
            problems.add(Finding.error(
                    POLICY_ID,
                    "include cycle: " + String.join(" -> ", cycle),
                    "remove this include: " + display + " is already being read, and files must not include"
                            + " each other",
                    at,
                    pointer));
            return;
        }
        if (read.contains(identity)) {
            // two files include a shared one: its templates are already in
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            problems.add(Finding.error(
                    POLICY_ID,
                    "the included file " + display + " cannot be read: " + e.getMessage(),
                    "make it readable, or remove the include",
                    at,
                    pointer));
            return;
        }
        // read, so it decides results: part of the digest whatever it holds
        files.add(display);
        read.add(identity);
        LoadedFile loaded = loader.parse(display, bytes);
        List<Finding> yaml =
                loaded.findings().stream().filter(Finding::isBlockingError).toList();
        if (!yaml.isEmpty()) {
            problems.addAll(yaml);
            return;
        }
        if (loaded.manifests().size() != 1) {
            problems.add(Finding.error(
                    POLICY_ID,
                    "the included file " + display + " must be one YAML document",
                    "remove the '---' separators",
                    Location.ofFile(display),
                    ""));
            return;
        }
        Manifest doc = loaded.manifests().get(0);
        JsonNode tree = doc.tree();
        if (tree.isNull() || tree.isMissingNode()) {
            return;
        }
        if (!tree.isObject()) {
            problems.add(Finding.error(
                    POLICY_ID,
                    "the included file " + display + " must be a mapping with metricTemplates (and include)",
                    "write metricTemplates: {...} at the top of the file",
                    doc.sourceMap().locate(""),
                    ""));
            return;
        }
        ObjectNode allowed = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : tree.properties()) {
            if (ALLOWED.contains(e.getKey())) {
                allowed.set(e.getKey(), e.getValue());
            } else {
                String where = "/" + SourceMap.escape(e.getKey());
                problems.add(Finding.error(
                        POLICY_ID,
                        "an included file holds only metricTemplates and include, not '" + e.getKey() + "'",
                        (Set.of("policies", "rules", "waivers").contains(e.getKey())
                                        ? "move " + e.getKey() + " to " + root
                                        : "remove it, or fix its name")
                                + ": " + display + " is included by " + fromDisplay,
                        doc.sourceMap().locateKey(where),
                        where));
            }
        }
        List<Finding> broken = schema.validate(allowed, doc.sourceMap());
        if (!broken.isEmpty()) {
            problems.addAll(broken);
            return;
        }
        visit(path, display, allowed, doc.sourceMap());
    }

    /** The same file named two ways ({@code a/../b.yaml}, a link) is one file. */
    private static Path identity(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
