package dev.releasepolicy.core.report;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.finding.Severity;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps): one run of the
 * {@code release-policy} tool, one rule per policy id that appears in the report, one result per
 * finding.
 *
 * <ul>
 *   <li>A result's {@code level} is {@code error} or {@code warning}; a waived finding has level
 *       {@code note} and a {@code suppressions} entry of kind {@code external} (the waiver lives in
 *       the configuration, not the manifest) whose justification is the waiver's reason, so code
 *       scanning shows it as suppressed rather than hiding it. Its original severity stays in
 *       {@code properties.severity}.</li>
 *   <li>{@code message.text} is the message, then {@code " — "} and the hint.</li>
 *   <li>The location is the file as given on the command line (a relative URI reference; absolute
 *       paths become {@code file://} URIs) with {@code startLine}/{@code startColumn}; findings about
 *       a whole file (line 0) have no region. The JSON Pointer is the logical location's
 *       {@code fullyQualifiedName} and {@code properties.pointer}.</li>
 *   <li>A rule's {@code defaultConfiguration.level} is the highest severity among its findings.</li>
 * </ul>
 * Output is deterministic: rules sorted by id, results in report order.
 */
public final class SarifReport implements ReportWriter {

    /** The {@code $schema} every SARIF 2.1.0 consumer recognises. */
    public static final String SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
    /** The tool's home page, {@code tool.driver.informationUri}. */
    public static final String INFORMATION_URI = "https://releasepolicy.dev";

    /** Made on first use: every run builds the list of formats, few write this one. */
    private static final class Pretty {
        static final JsonMapper MAPPER =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    /** Descriptions of the checks that are not JavaScript policies. */
    private static final Map<String, String> BUILT_IN = Map.of(
            "schema", "The manifest conforms to the release manifest JSON Schema.",
            "yaml", "The file is well-formed YAML.",
            "input", "The paths given hold release manifests.");

    private final String toolVersion;
    private final Map<String, String> descriptions;

    /** A writer naming the running tool's version, with descriptions for the non-policy checks only. */
    public SarifReport() {
        this(ToolVersion.get(), Map.of());
    }

    /**
     * @param toolVersion  {@code tool.driver.version}
     * @param descriptions rule descriptions by policy id (from the policies' {@code meta}); ids not
     *                     in it get a generic one
     */
    public SarifReport(String toolVersion, Map<String, String> descriptions) {
        this.toolVersion = toolVersion;
        this.descriptions = Map.copyOf(descriptions);
    }

    @Override
    public String name() {
        return "sarif";
    }

    @Override
    public void write(VerifyReport report, Appendable out) throws IOException {
        List<Finding> findings = report.findings();
        JsonNodeFactory nf = JsonNodeFactory.instance;

        Map<String, Severity> rules = new TreeMap<>();
        for (Finding f : findings) {
            rules.merge(
                    f.policyId(),
                    f.severity(),
                    (a, b) -> a == Severity.ERROR || b == Severity.ERROR ? Severity.ERROR : Severity.WARNING);
        }
        List<String> ruleIds = List.copyOf(rules.keySet());

        ObjectNode root = nf.objectNode();
        root.put("$schema", SCHEMA_URI);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "release-policy");
        driver.put("version", toolVersion);
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode ruleArray = driver.putArray("rules");
        rules.forEach((id, severity) -> {
            ObjectNode r = ruleArray.addObject();
            r.put("id", id);
            r.putObject("shortDescription").put("text", description(id));
            r.putObject("defaultConfiguration").put("level", severity.label());
        });

        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode r = results.addObject();
            r.put("ruleId", f.policyId());
            r.put("ruleIndex", ruleIds.indexOf(f.policyId()));
            r.put("level", f.waiver().isPresent() ? "note" : f.severity().label());
            r.putObject("message").put("text", f.hint().isEmpty() ? f.message() : f.message() + " — " + f.hint());
            ObjectNode loc = r.putArray("locations").addObject();
            Location l = f.location();
            ObjectNode physical = loc.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(l.file()));
            if (l.line() > 0) {
                ObjectNode region = physical.putObject("region");
                region.put("startLine", l.line());
                region.put("startColumn", Math.max(l.column(), 1));
            }
            if (!f.pointer().isEmpty()) {
                loc.putArray("logicalLocations").addObject().put("fullyQualifiedName", f.pointer());
            }
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

    private String description(String id) {
        String d = descriptions.get(id);
        if (d == null) {
            d = BUILT_IN.get(id);
        }
        return d != null ? d : "Release policy '" + id + "'.";
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
