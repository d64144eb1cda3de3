package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.template.MetricTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code .release-policy.yaml}: extra policy folders, per-policy settings, waivers and shared metric
 * templates, with more templates in the files it includes (schema:
 * {@code schemas/release-policy-config.schema.json}).
 *
 * <p>A configuration that is not valid YAML or breaks the schema is a usage error (exit 2) listing
 * every problem with {@code file:line:column}: a run with a half-understood configuration would
 * report findings the team did not mean to get, or hide ones it did. The problems of an included file
 * are error findings on that file instead ({@link ConfigIncludes}): they stop {@code verify} and
 * {@code plan} like a broken template does.
 *
 * @param file       the configuration file as named ({@code ""} for none)
 * @param policyDirs extra policy folders, resolved against the file's folder
 * @param rules      settings by policy id
 * @param waivers    waivers in file order
 * @param metricTemplates the {@code metricTemplates} of the file and of the files it includes, expanded into
 *                   manifests before they are checked; problems of the included files are among their
 *                   {@link MetricTemplates#problems()}
 * @param includes   the included files that were read, as named (resolved against the including file's
 *                   folder), in the order read: they decide results, so they are part of the policy set digest
 */
public record PolicyConfig(
        String file,
        List<Path> policyDirs,
        Map<String, Rule> rules,
        List<WaiverRule> waivers,
        MetricTemplates metricTemplates,
        List<String> includes) {

    /** The default file name, looked up in the current folder. */
    public static final String DEFAULT_FILE = ".release-policy.yaml";

    /** No configuration. */
    public static final PolicyConfig NONE = new PolicyConfig("", List.of(), Map.of(), List.of());

    public PolicyConfig {
        policyDirs = List.copyOf(policyDirs);
        rules = Map.copyOf(rules);
        waivers = List.copyOf(waivers);
        java.util.Objects.requireNonNull(metricTemplates, "metricTemplates");
        includes = List.copyOf(includes);
    }

    /** A configuration that includes no file. */
    public PolicyConfig(
            String file,
            List<Path> policyDirs,
            Map<String, Rule> rules,
            List<WaiverRule> waivers,
            MetricTemplates metricTemplates) {
        this(file, policyDirs, rules, waivers, metricTemplates, List.of());
    }

    /** A configuration without metric templates. */
    public PolicyConfig(String file, List<Path> policyDirs, Map<String, Rule> rules, List<WaiverRule> waivers) {
        this(file, policyDirs, rules, waivers, MetricTemplates.NONE);
    }

    /**
     * How one policy runs.
     *
     * @param disabled true: skip it
     * @param severity replaces the severity of all its findings
     * @param params   merged over {@code meta.params}
     * @param location where the rule is written
     */
    public record Rule(boolean disabled, Optional<Severity> severity, ObjectNode params, Location location) {}

    /** The rule of a policy, if configured. */
    public Optional<Rule> rule(String policyId) {
        return Optional.ofNullable(rules.get(policyId));
    }

    /**
     * Reads a configuration file.
     *
     * @throws UsageException when it cannot be read, is not YAML or breaks the schema
     */
    public static PolicyConfig load(Path path) {
        String display = path.toString().replace('\\', '/');
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UsageException("cannot read the configuration " + display + ": " + e.getMessage(), e);
        }
        LoadedFile loaded = new ManifestLoader().parse(display, bytes);
        List<Finding> problems = new ArrayList<>(
                loaded.findings().stream().filter(Finding::isBlockingError).toList());
        if (problems.isEmpty() && loaded.manifests().size() != 1) {
            problems.add(Finding.error(
                    "config",
                    "the configuration must be one YAML document",
                    "remove the '---' separators",
                    Location.ofFile(display),
                    ""));
        }
        if (!problems.isEmpty()) {
            throw invalid(display, problems);
        }
        Manifest doc = loaded.manifests().get(0);
        JsonNode tree = doc.tree();
        if (tree.isNull() || tree.isMissingNode()) {
            return new PolicyConfig(display, List.of(), Map.of(), List.of());
        }
        problems.addAll(
                SchemaValidator.forBundled("release-policy-config.schema.json").validate(tree, doc.sourceMap()));
        if (!problems.isEmpty()) {
            throw invalid(display, problems);
        }
        List<Path> dirs = new ArrayList<>();
        for (JsonNode d : tree.path("policies")) {
            Path p = Path.of(d.asString());
            dirs.add(p.isAbsolute() ? p : relativeToCwd(path.getParent(), p));
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : tree.path("rules").properties()) {
            JsonNode r = e.getValue();
            JsonNode params = r.path("params");
            rules.put(
                    e.getKey(),
                    new Rule(
                            r.path("disabled").asBoolean(false),
                            r.has("severity")
                                    ? Optional.of(
                                            Severity.parse(r.get("severity").asString()))
                                    : Optional.empty(),
                            params.isObject()
                                    ? (ObjectNode) params
                                    : tools.jackson.databind.json.JsonMapper.shared()
                                            .createObjectNode(),
                            doc.sourceMap().locateKey("/rules/" + escape(e.getKey()))));
        }
        List<WaiverRule> waivers = new ArrayList<>();
        int i = 0;
        for (JsonNode w : tree.path("waivers")) {
            String at = "/waivers/" + i;
            LocalDate expires;
            try {
                expires = LocalDate.parse(w.get("expires").asString());
            } catch (java.time.format.DateTimeParseException ex) {
                throw invalid(
                        display,
                        List.of(Finding.error(
                                "config",
                                "expires '" + w.get("expires").asString() + "' is not a date",
                                "write the last day as YYYY-MM-DD, e.g. \"2027-01-31\"",
                                doc.sourceMap().locate(at + "/expires"),
                                at + "/expires")));
            }
            waivers.add(new WaiverRule(
                    w.get("policy").asString(),
                    w.get("manifest").asString(),
                    w.get("reason").asString(),
                    w.get("owner").asString(),
                    expires,
                    doc.sourceMap().locate(at)));
            i++;
        }
        ConfigIncludes.Result templates = ConfigIncludes.read(path, display, tree, doc.sourceMap());
        return new PolicyConfig(display, dirs, rules, waivers, templates.templates(), templates.files());
    }

    /** The default configuration: {@code .release-policy.yaml} in the current folder if present. */
    public static PolicyConfig loadDefault(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            if (!Files.isRegularFile(explicit.get())) {
                throw new UsageException(explicit.get() + ": no such configuration file");
            }
            return load(explicit.get());
        }
        Path local = Path.of(DEFAULT_FILE);
        return Files.isRegularFile(local) ? load(local) : NONE;
    }

    /**
     * As {@link #loadDefault(Optional)}, but without an explicit file the working directory is
     * looked at only when {@code fromWorkingDirectory}: the Maven goals look in the module's folder
     * themselves, whichever folder Maven was started in.
     */
    public static PolicyConfig loadDefault(Optional<Path> explicit, boolean fromWorkingDirectory) {
        return explicit.isEmpty() && !fromWorkingDirectory ? NONE : loadDefault(explicit);
    }

    /**
     * Rejects settings for policies that do not exist (a typo would silently do nothing).
     *
     * @throws UsageException naming the unknown ids and the known ones
     */
    public void requireKnown(List<String> knownIds) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Rule> e : rules.entrySet()) {
            if (!knownIds.contains(e.getKey())) {
                problems.add(e.getValue().location() + ": rules: unknown policy '" + e.getKey() + "'");
            }
        }
        for (WaiverRule w : waivers) {
            if (!knownIds.contains(w.policy()) && !w.policy().equals("schema")) {
                problems.add(w.location() + ": waivers: unknown policy '" + w.policy() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException("invalid configuration " + file + ":\n  " + String.join("\n  ", problems)
                    + "\n  known policies: " + String.join(", ", knownIds));
        }
    }

    private static Path relativeToCwd(Path folder, Path p) {
        return folder == null ? p : folder.resolve(p).normalize();
    }

    private static UsageException invalid(String file, List<Finding> problems) {
        return new UsageException("invalid configuration " + file + ":\n  "
                + problems.stream()
                        .map(f -> f.location() + ": " + f.message() + (f.hint().isEmpty() ? "" : " (" + f.hint() + ")"))
                        .collect(Collectors.joining("\n  ")));
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
