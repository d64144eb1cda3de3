package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.text.SafeText;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps): one run of the {@code release-policy} tool, one
 * rule per policy checked (and per check of the tool itself: schema, YAML, input), one result per finding.
 *
 * <ul>
 *   <li>Locations are relative to the repository root ({@link ReportSettings#sourceRoot()}: the git top level,
 *       or {@code --sarif-root}) with {@code uriBaseId} {@code %SRCROOT%}, declared in the run's
 *       {@code originalUriBaseIds}; so a Maven module's {@code release/x.yaml} is {@code web/release/x.yaml}.
 *       A file outside the root keeps an absolute {@code file://} URI.</li>
 *   <li>{@code automationDetails.id} is {@code release-policy/} followed by the folder the findings are
 *       relative to (the module), so each module's run is its own code scanning category.</li>
 *   <li>Rules carry {@code shortDescription} (the first sentence of the policy's {@code meta.description}),
 *       {@code fullDescription} and {@code help}; {@code defaultConfiguration.level} is the policy's
 *       {@code meta.severity}, or for a rule known only from its findings the highest severity among them.</li>
 *   <li>A result's {@code level} is {@code error} or {@code warning}; a waived finding has level {@code note}
 *       and a {@code suppressions} entry of kind {@code external} (the waiver lives in the configuration)
 *       whose justification is the waiver's reason. Its original severity stays in
 *       {@code properties.severity}.</li>
 *   <li>{@code message.text} is the message, then {@code " — "} and the hint.</li>
 *   <li>The region has {@code startLine}/{@code startColumn}, {@code endLine} and, when the file can be read,
 *       {@code endColumn} at the end of that line ({@code columnKind} {@code unicodeCodePoints}); a finding
 *       about a whole file has the region of its first line.</li>
 *   <li>{@code partialFingerprints."releasePolicy/v1"} hashes the rule, the file and the JSON Pointer (not
 *       the line, which moves when lines are added above), with an ordinal for repeats: stable across
 *       runs.</li>
 * </ul>
 * Output is deterministic: rules sorted by id, results in report order.
 */
public final class SarifReport implements ReportWriter {

    /** The {@code $schema} every SARIF 2.1.0 consumer recognises. */
    public static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    /** The tool's home page, {@code tool.driver.informationUri}. */
    public static final String INFORMATION_URI = "https://releasepolicy.dev";
    /** The base id of every relative URI. */
    public static final String SRCROOT = "%SRCROOT%";
    /** The key of the partial fingerprint. */
    public static final String FINGERPRINT = "releasePolicy/v1";

    /** Made on first use: every run builds the list of formats, few write this one. */
    private static final class Pretty {
        static final JsonMapper MAPPER =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /** The checks that are not JavaScript policies. */
    private static final List<ReportSettings.Rule> BUILT_IN = List.of(
            new ReportSettings.Rule(
                    "schema",
                    Severity.ERROR,
                    "The manifest conforms to the release manifest JSON Schema (schemas/release.schema.json):"
                            + " required fields, types, allowed values and formats.",
                    "schemas/release.schema.json"),
            new ReportSettings.Rule(
                    "yaml",
                    Severity.ERROR,
                    "The file is well-formed YAML and free of constructs that read differently in YAML 1.1 and"
                            + " 1.2, duplicate keys and alias bombs.",
                    ""),
            new ReportSettings.Rule(
                    "input",
                    Severity.ERROR,
                    "The paths given hold release manifests: every file can be read and holds at least one YAML"
                            + " document.",
                    ""));

    private final ReportSettings settings;

    /** A writer for findings relative to the working directory, with descriptions of the tool's own checks. */
    public SarifReport() {
        this(ReportSettings.workingDirectory());
    }

    /** A writer that places findings and describes rules as {@code settings} say. */
    public SarifReport(ReportSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "sarif";
    }

    @Override
    public void write(VerifyReport report, Appendable out) throws IOException {
        List<Finding> findings = report.findings();
        JsonNodeFactory nf = JsonNodeFactory.instance;

        Map<String, ReportSettings.Rule> known = new TreeMap<>();
        BUILT_IN.forEach(r -> known.put(r.id(), r));
        settings.rules().forEach(r -> known.put(r.id(), r));
        Map<String, Severity> rules = new TreeMap<>();
        known.forEach((id, r) -> rules.put(id, r.severity()));
        for (Finding f : findings) {
            if (!known.containsKey(f.policyId())) {
                rules.merge(f.policyId(), f.severity(), (a, b) -> a == Severity.ERROR ? a : b);
            }
        }
        List<String> ruleIds = List.copyOf(rules.keySet());

        ObjectNode root = nf.objectNode();
        root.put("$schema", SCHEMA_URI);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "release-policy");
        driver.put("version", settings.toolVersion());
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode ruleArray = driver.putArray("rules");
        rules.forEach((id, severity) -> rule(ruleArray.addObject(), id, severity, Optional.ofNullable(known.get(id))));
        run.putObject("automationDetails").put("id", automationId());
        run.putObject("originalUriBaseIds").putObject(SRCROOT).put("uri", directoryUri(settings.sourceRoot()));
        run.put("columnKind", "unicodeCodePoints");

        ArrayNode results = run.putArray("results");
        Map<String, Integer> ordinals = new HashMap<>();
        Map<Path, List<String>> lines = new HashMap<>();
        for (Finding f : findings) {
            ObjectNode r = results.addObject();
            r.put("ruleId", f.policyId());
            r.put("ruleIndex", ruleIds.indexOf(f.policyId()));
            r.put("level", f.waiver().isPresent() ? "note" : f.severity().label());
            r.putObject("message").put("text", f.hint().isEmpty() ? f.message() : f.message() + " — " + f.hint());
            ObjectNode loc = r.putArray("locations").addObject();
            Location l = f.location();
            Path file = settings.baseDirectory().resolve(l.file()).normalize();
            ObjectNode physical = loc.putObject("physicalLocation");
            ObjectNode artifact = physical.putObject("artifactLocation");
            String uri;
            if (file.startsWith(settings.sourceRoot())) {
                uri = uri(settings.sourceRoot().relativize(file).toString());
                artifact.put("uri", uri);
                artifact.put("uriBaseId", SRCROOT);
            } else {
                uri = uri(file.toString());
                artifact.put("uri", uri);
            }
            region(physical.putObject("region"), l, file, lines);
            if (!f.pointer().isEmpty()) {
                loc.putArray("logicalLocations").addObject().put("fullyQualifiedName", f.pointer());
            }
            String key = f.policyId() + '\u0000' + uri + '\u0000' + (f.pointer().isEmpty() ? f.message() : f.pointer());
            int ordinal = ordinals.merge(key, 1, Integer::sum);
            r.putObject("partialFingerprints").put(FINGERPRINT, sha256(key).substring(0, 32) + ":" + ordinal);
            f.waiver().ifPresent(w -> {
                ObjectNode s = r.putArray("suppressions").addObject();
                s.put("kind", "external");
                s.put("status", "accepted");
                s.put("justification", w.reason());
            });
            ObjectNode props = r.putObject("properties");
            props.put("severity", f.severity().label());
            props.put("pointer", f.pointer());
            f.waiver().ifPresent(w -> {
                ObjectNode wo = props.putObject("waiver");
                wo.put("reason", w.reason());
                wo.put("owner", w.owner());
                wo.put("expires", w.expires());
            });
        }
        out.append(Pretty.MAPPER.writeValueAsString(root)).append('\n');
    }

    /** {@code release-policy/} and the base folder relative to the root ({@code web/}), so modules differ. */
    private String automationId() {
        Path base = settings.baseDirectory();
        if (!base.startsWith(settings.sourceRoot()) || base.equals(settings.sourceRoot())) {
            return "release-policy/";
        }
        return "release-policy/"
                + settings.sourceRoot().relativize(base).toString().replace('\\', '/') + "/";
    }

    /** A folder's {@code file:} URI, ending with a slash as SARIF requires of a base URI. */
    static String directoryUri(Path dir) {
        String uri = dir.toUri().toString();
        return uri.endsWith("/") ? uri : uri + "/";
    }

    private static void rule(ObjectNode r, String id, Severity severity, Optional<ReportSettings.Rule> meta) {
        String description = meta.map(ReportSettings.Rule::description)
                .filter(d -> !d.isBlank())
                .orElse("Findings of the release policy '" + id + "'.");
        r.put("id", id);
        r.put("name", id);
        r.putObject("shortDescription").put("text", firstSentence(description));
        r.putObject("fullDescription").put("text", description);
        String source = meta.filter(m -> !m.source().isBlank())
                .map(m -> " Defined in " + m.source() + ".")
                .orElse("");
        String help = description + source
                + " Each result says what is wrong and, after the dash, how to fix it; a finding can be waived"
                + " in .release-policy.yaml with a reason, an owner and an expiry date.";
        ObjectNode h = r.putObject("help");
        h.put("text", help);
        h.put("markdown", SafeText.markdown(help));
        r.putObject("defaultConfiguration").put("level", severity.label());
    }

    /** Up to the first full stop followed by a space or the end, at most 200 characters. */
    static String firstSentence(String text) {
        String t = text.strip();
        int stop = t.indexOf(". ");
        String first = stop >= 0 ? t.substring(0, stop + 1) : t;
        return first.length() <= 200 ? first : first.substring(0, 199) + "…";
    }

    private static void region(ObjectNode region, Location l, Path file, Map<Path, List<String>> cache) {
        int line = l.line() > 0 ? l.line() : 1;
        int column = l.line() > 0 ? Math.max(l.column(), 1) : 1;
        region.put("startLine", line);
        region.put("startColumn", column);
        region.put("endLine", line);
        List<String> text = cache.computeIfAbsent(file, SarifReport::readLines);
        if (line <= text.size()) {
            String content = text.get(line - 1);
            int end = content.codePointCount(0, content.length()) + 1;
            region.put("endColumn", Math.max(end, column + 1));
        }
    }

    /** The file's lines, or none when it cannot be read (the region then ends at the end of its line). */
    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The file as a URI reference: forward slashes, characters outside RFC 3986's path set
     * percent-encoded as UTF-8; absolute paths as {@code file://} URIs.
     */
    static String uri(String file) {
        String path = file.replace('\\', '/');
        boolean windowsDrive = path.length() >= 3
                && path.charAt(1) == ':'
                && path.charAt(2) == '/'
                && Character.isLetter(path.charAt(0));
        StringBuilder sb = new StringBuilder();
        if (windowsDrive) {
            sb.append("file:///");
        } else if (path.startsWith("/")) {
            sb.append("file://");
        }
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "-._~/!$&'()*+,;=@".indexOf(c) >= 0
                    || c == ':' && windowsDrive) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
