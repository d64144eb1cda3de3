package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Machine-readable report:
 * {@code {summary, manifests:[{file, document, name, cached, errors, warnings}], findings:[...]}},
 * each finding with policy, severity, message, hint, file, line, column, pointer and waiver.
 */
public final class JsonReport implements ReportWriter {

    /** Made on first use: every run builds the list of formats, few write this one. */
    private static final class Pretty {
        static final JsonMapper MAPPER =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    @Override
    public String name() {
        return "json";
    }

    @Override
    public void write(VerifyReport report, Appendable out) throws IOException {
        JsonNodeFactory nf = JsonNodeFactory.instance;
        ObjectNode root = nf.objectNode();
        ObjectNode summary = root.putObject("summary");
        summary.put("manifests", report.manifests().size());
        summary.put("errors", report.errors());
        summary.put("warnings", report.warnings());
        summary.put("waived", report.waived());
        summary.put("text", report.summary());
        ArrayNode manifests = root.putArray("manifests");
        for (ManifestResult m : report.manifests()) {
            ObjectNode o = manifests.addObject();
            o.put("file", m.file());
            o.put("document", m.document());
            o.put("name", m.name());
            // Whether the verify cache answered for this manifest (its findings are the same either way).
            o.put("cached", m.cached());
            o.put(
                    "errors",
                    m.findings().stream().filter(Finding::isBlockingError).count());
            o.put(
                    "warnings",
                    m.findings().stream().filter(Finding::isOpenWarning).count());
        }
        ArrayNode findings = root.putArray("findings");
        for (Finding f : report.findings()) {
            findings.add(toJson(f));
        }
        out.append(Pretty.MAPPER.writeValueAsString(root)).append('\n');
    }

    /** One finding as a JSON object (shared with other machine formats' tests). */
    public static ObjectNode toJson(Finding f) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("policy", f.policyId());
        o.put("severity", f.severity().label());
        o.put("message", f.message());
        o.put("hint", f.hint());
        o.put("file", f.location().file());
        o.put("line", f.location().line());
        o.put("column", f.location().column());
        o.put("pointer", f.pointer());
        f.waiver().ifPresent(w -> {
            ObjectNode wo = o.putObject("waiver");
            wo.put("reason", w.reason());
            wo.put("owner", w.owner());
            wo.put("expires", w.expires());
        });
        return o;
    }
}
