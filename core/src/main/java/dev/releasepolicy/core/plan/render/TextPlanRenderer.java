package dev.releasepolicy.core.plan.render;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.plan.Compensation;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.plan.RollbackTrigger;
import dev.releasepolicy.core.plan.Timeline;
import dev.releasepolicy.core.text.SafeText;
import dev.releasepolicy.core.window.Durations;
import java.io.IOException;

/**
 * The human format, in the manner of {@code terraform plan}: a heading, the timeline, numbered steps
 * with {@code +}/{@code ~}/{@code -} on each object, the undo of each step and the order a rollback
 * from it runs, the automatic rollback, findings, and the summary line last.
 */
public final class TextPlanRenderer implements PlanRenderer {

    @Override
    public String name() {
        return "text";
    }

    @Override
    public void render(Plan plan, Appendable out) throws IOException {
        var m = plan.metadata();
        out.append("Release plan for ")
                .append(SafeText.line(m.release()))
                .append(" (")
                .append(SafeText.line(m.source()))
                .append(")\n\n");
        row(out, "application", m.application() + " in namespace " + m.namespace());
        row(out, "version", m.previousVersion().map(p -> p + " -> ").orElse("") + m.version());
        row(out, "strategy", m.strategy().manifestName());
        row(out, "fingerprint", plan.fingerprint().value());
        row(out, "", "manifest " + plan.fingerprint().manifestDigest());
        row(out, "", "policy set " + plan.fingerprint().policySetDigest());
        row(out, "", "tool " + plan.fingerprint().toolVersion());
        out.append('\n');
        timeline(plan.timeline(), WindowZone.of(plan), out);
        out.append("Steps (\"undo\" is what a rollback does for the step; \"rollback\" lists the undos run,"
                + " in order, when the release fails at or after it)\n\n");
        for (PlanStep s : plan.steps()) {
            step(s, out);
        }
        if (!plan.rollback().triggers().isEmpty()) {
            out.append("Automatic rollback\n");
            for (RollbackTrigger t : plan.rollback().triggers()) {
                out.append("  when  ").append(SafeText.line(t.describe())).append('\n');
            }
            int i = 1;
            for (Compensation c : plan.rollback().automaticPath()) {
                out.append(i == 1 ? "  then  " : "        ")
                        .append(Integer.toString(i++))
                        .append(". ")
                        .append(SafeText.line(c.description()))
                        .append('\n');
                for (ObjectChange o : c.objects()) {
                    out.append("           ").append(o.headline()).append('\n');
                }
            }
            out.append('\n');
        }
        out.append("Findings\n");
        if (plan.findings().isEmpty()) {
            out.append("  none\n");
        }
        for (Finding f : plan.findings()) {
            out.append("  ")
                    .append(SafeText.line(f.location().toString()))
                    .append(": ")
                    .append(
                            f.waiver().isPresent()
                                    ? "waived " + f.severity().label()
                                    : f.severity().label())
                    .append(": ")
                    .append(SafeText.lines(f.message(), "      "))
                    .append(" [")
                    .append(SafeText.line(f.policyId()))
                    .append("]\n");
            if (f.waiver().isPresent()) {
                var w = f.waiver().get();
                out.append("    waived: ")
                        .append(SafeText.line(w.reason()))
                        .append(" (owner ")
                        .append(SafeText.line(w.owner()))
                        .append(", expires ")
                        .append(SafeText.line(w.expires()))
                        .append(")\n");
            }
        }
        out.append('\n').append(plan.summary()).append('\n');
    }

    private static void timeline(Timeline t, WindowZone zone, Appendable out) throws IOException {
        out.append("Timeline\n");
        row(out, "now", zone.at(t.now()));
        row(
                out,
                "earliest start",
                zone.at(t.earliestStart()) + (t.earliestStart().equals(t.now()) ? "" : " (the window is closed now)"));
        row(
                out,
                "window closes",
                t.windowClosesAt()
                        .map(c -> zone.at(c) + (t.fitsWindow() ? " (the plan fits)" : " (the plan does NOT fit)"))
                        .orElse("none (the window does not close, or none is declared)"));
        row(
                out,
                "in the window",
                "at least " + Durations.format(t.inWindowDuration())
                        + (t.waitsForApproval() ? " plus manual approvals" : ""));
        row(
                out,
                "in all",
                "at least " + Durations.format(t.minimumDuration()) + ", earliest finish "
                        + zone.at(t.earliestFinish()));
        for (String w : t.warnings()) {
            out.append("  warning: ").append(SafeText.line(w)).append('\n');
        }
        out.append('\n');
    }

    private static void step(PlanStep s, Appendable out) throws IOException {
        String num = String.format("%3d. ", s.index());
        out.append(num)
                .append(s.id())
                .append("  [at +")
                .append(Durations.format(s.startsAfter()))
                .append(", takes ")
                .append(Durations.format(s.minimumDuration()))
                .append(s.timeout().map(t -> ", at most " + Durations.format(t)).orElse(""))
                .append("]\n");
        String pad = "       ";
        out.append(pad).append(SafeText.line(s.description())).append('\n');
        for (ObjectChange o : s.objects()) {
            out.append(pad).append(o.headline()).append('\n');
        }
        for (RollbackTrigger t : s.watches()) {
            out.append(pad)
                    .append("watch: ")
                    .append(SafeText.line(t.describe()))
                    .append('\n');
        }
        Compensation c = s.compensation();
        out.append(pad)
                .append("undo: ")
                .append(SafeText.line(c.isNone() ? "none (" + c.description() + ")" : c.description()))
                .append('\n');
        for (ObjectChange o : c.objects()) {
            out.append(pad).append("  ").append(o.headline()).append('\n');
        }
        if (!s.rollbackFrom().isEmpty()) {
            out.append(pad)
                    .append("rollback: ")
                    .append(String.join(" -> ", s.rollbackFrom()))
                    .append('\n');
        }
        out.append('\n');
    }

    private static void row(Appendable out, String name, String value) throws IOException {
        out.append("  ").append(String.format("%-15s", name)).append(value).append('\n');
    }
}
