package dev.releasepolicy.core.plan.render;

import dev.releasepolicy.core.edits.EditCodec;
import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.plan.Compensation;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.plan.RollbackTrigger;
import dev.releasepolicy.core.text.SafeText;
import dev.releasepolicy.core.window.Durations;
import java.io.IOException;
import java.util.List;

/**
 * The pull-request comment: a summary, the step table, a Mermaid {@code flowchart TD} of the steps
 * with dashed edges to each step's undo, the automatic rollback, and the findings and waivers.
 */
public final class MarkdownPlanRenderer implements PlanRenderer {

    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public void render(Plan plan, Appendable out) throws IOException {
        var m = plan.metadata();
        var t = plan.timeline();
        out.append("## Release plan: ")
                .append(escape(m.application()))
                .append(' ')
                .append(escape(m.version()))
                .append(" (")
                .append(m.strategy().manifestName())
                .append(")\n\n");
        out.append("**")
                .append(escape(m.application()))
                .append("** ")
                .append(m.previousVersion().map(p -> "`" + code(p) + "` → ").orElse(""))
                .append('`')
                .append(code(m.version()))
                .append("` in namespace `")
                .append(code(m.namespace()))
                .append("` · release `")
                .append(code(m.release()))
                .append("` · `")
                .append(code(m.source()))
                .append("`\n\n");
        out.append("- ").append(plan.summary()).append('\n');
        WindowZone zone = WindowZone.of(plan);
        out.append("- Earliest start ")
                .append(zone.at(t.earliestStart()))
                .append(t.windowClosesAt()
                        .map(c -> "; the window closes " + zone.at(c)
                                + (t.fitsWindow() ? " (fits)" : " (**does not fit**)"))
                        .orElse(""))
                .append("; earliest finish ")
                .append(zone.at(t.earliestFinish()))
                .append('\n');
        out.append("- Fingerprint `")
                .append(plan.fingerprint().value())
                .append("` (policy set `")
                .append(plan.fingerprint().policySetDigest())
                .append("`, tool ")
                .append(plan.fingerprint().toolVersion())
                .append(")\n");
        for (String w : t.warnings()) {
            out.append("- :warning: ").append(escape(w)).append('\n');
        }
        out.append('\n');
        out.append("| # | Step | Starts | Takes | Objects | Undo |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (PlanStep s : plan.steps()) {
            out.append("| ")
                    .append(Integer.toString(s.index()))
                    .append(" | `")
                    .append(s.id())
                    .append("` ")
                    .append(escape(s.description()))
                    .append(
                            s.watches().isEmpty()
                                    ? ""
                                    : "<br>watch: "
                                            + escape(String.join(
                                                    "; ",
                                                    s.watches().stream()
                                                            .map(RollbackTrigger::describe)
                                                            .toList())))
                    .append(" | +")
                    .append(Durations.format(s.startsAfter()))
                    .append(" | ")
                    .append(Durations.format(s.minimumDuration()))
                    .append(s.timeout()
                            .map(x -> " (max " + Durations.format(x) + ")")
                            .orElse(""))
                    .append(" | ")
                    .append(objects(s.objects()))
                    .append(" | ")
                    .append(
                            s.compensation().isNone()
                                    ? "—"
                                    : escape(s.compensation().description()))
                    .append(" |\n");
        }
        out.append('\n');
        flowchart(plan, out);
        if (!plan.rollback().triggers().isEmpty()) {
            out.append("### Automatic rollback\n\n");
            for (RollbackTrigger tr : plan.rollback().triggers()) {
                out.append("- When ").append(escape(tr.describe())).append('\n');
            }
            out.append('\n');
            int i = 1;
            for (Compensation c : plan.rollback().automaticPath()) {
                out.append(Integer.toString(i++))
                        .append(". ")
                        .append(escape(c.description()))
                        .append(c.objects().isEmpty() ? "" : " (" + objects(c.objects()) + ")")
                        .append('\n');
            }
            out.append('\n');
        }
        out.append("### Findings and waivers\n\n");
        if (plan.findings().isEmpty()) {
            out.append("No findings.\n");
        } else {
            out.append("| Severity | Policy | Where | Message | Waiver |\n|---|---|---|---|---|\n");
            for (Finding f : plan.findings()) {
                out.append("| ")
                        .append(f.severity().label())
                        .append(" | ")
                        .append(escape(f.policyId()))
                        .append(" | `")
                        .append(code(f.location().toString()))
                        .append("` | ")
                        .append(escape(f.message()))
                        .append(" | ")
                        .append(f.waiver()
                                .map(w ->
                                        escape(w.reason()) + " (" + escape(w.owner()) + ", until " + w.expires() + ")")
                                .orElse("—"))
                        .append(" |\n");
            }
        }
    }

    private static void flowchart(Plan plan, Appendable out) throws IOException {
        out.append("```mermaid\nflowchart TD\n");
        List<PlanStep> steps = plan.steps();
        for (PlanStep s : steps) {
            out.append("  s")
                    .append(Integer.toString(s.index()))
                    .append("[\"")
                    .append(Integer.toString(s.index()))
                    .append(". ")
                    .append(label(s.id().substring(3) + detail(s)))
                    .append("\"]\n");
        }
        for (int i = 1; i < steps.size(); i++) {
            out.append("  s")
                    .append(Integer.toString(i))
                    .append(" --> s")
                    .append(Integer.toString(i + 1))
                    .append('\n');
        }
        for (PlanStep s : steps) {
            if (!s.compensation().isNone()) {
                out.append("  s")
                        .append(Integer.toString(s.index()))
                        .append(" -.->|rollback| u")
                        .append(Integer.toString(s.index()))
                        .append("([\"undo: ")
                        .append(label(s.compensation()
                                .kind()
                                .name()
                                .toLowerCase(java.util.Locale.ROOT)
                                .replace('_', ' ')))
                        .append("\"])\n");
            }
        }
        out.append("  classDef undo stroke-dasharray: 4 3\n");
        StringBuilder undo = new StringBuilder();
        for (PlanStep s : steps) {
            if (!s.compensation().isNone()) {
                undo.append(undo.length() == 0 ? "" : ",").append('u').append(s.index());
            }
        }
        if (undo.length() > 0) {
            out.append("  class ").append(undo).append(" undo\n");
        }
        out.append("```\n\n");
    }

    private static String detail(PlanStep s) {
        return s.minimumDuration().isZero() ? "" : " (" + Durations.format(s.minimumDuration()) + ")";
    }

    private static String objects(List<ObjectChange> objects) {
        if (objects.isEmpty()) {
            return "—";
        }
        return String.join(
                "<br>",
                objects.stream()
                        .map(o -> "`" + o.operation().symbol() + " " + o.kind() + " " + code(o.name()) + "`"
                                + o.edit()
                                        .map(e -> ": " + escape(EditCodec.describe(e)))
                                        .orElse(""))
                        .toList());
    }

    /** Mermaid label text: on one line, quotes and brackets as entities. */
    private static String label(String text) {
        return SafeText.line(text).replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }

    /** Table cell text from the manifest: no raw HTML, links, line breaks or cell ends ({@link SafeText}). */
    private static String escape(String text) {
        return SafeText.markdown(text);
    }

    /** Text inside a code span. */
    private static String code(String text) {
        return SafeText.markdownCode(text);
    }
}
