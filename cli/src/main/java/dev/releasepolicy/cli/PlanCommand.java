package dev.releasepolicy.cli;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.Instants;
import dev.releasepolicy.core.options.PlanOptions;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.runner.PlanRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-policy plan}: compile a verified manifest into an ordered, reviewable plan. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Compile a release manifest into an ordered, reviewable execution plan.",
            "Every step, the Kubernetes objects it sends (+ create, ~ change, - delete), how it",
            "is undone, and the timeline.",
            "A manifest with error findings is refused: its findings are printed instead, in the",
            "format asked for (a JSON verify report with --format json; text with argo-rollouts).",
            "",
            "--format argo-rollouts writes the release as Argo Rollouts objects instead of a plan:",
            "a Rollout (workloadRef to the team's Deployment of spec.workload, or a pod template of",
            "its own) and the AnalysisTemplates of its analysis steps and automatic-rollback",
            "triggers, as YAML for kubectl apply. What Argo cannot express (release window,",
            "approvals, audit trail, migrations, notifications...) is listed in a comment at the",
            "top and on standard error. See docs/plan.md.",
            "",
            "Examples:",
            "  release-policy plan --now 2026-12-01T15:00:00Z examples/canary-api.yaml",
            "  release-policy plan --format markdown --output plan.md release/app.yaml",
            "  release-policy plan --format json --output target/plan.json release/app.yaml",
            "  release-policy plan --format argo-rollouts release/app.yaml | kubectl apply -f -"
        })
final class PlanCommand implements Callable<Integer>, PlanOptions {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "MANIFEST",
            arity = "1",
            description = "The release manifest (a file with one Release document).")
    Path manifest;

    @Option(
            names = "--policies",
            paramLabel = "DIR",
            description =
                    "A folder of team policies (*.js) the manifest must pass, besides the built-in ones. Repeatable.")
    List<Path> policyDirs = new ArrayList<>();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Policy configuration (default: .release-policy.yaml in the current folder, if present).")
    Path config;

    @Option(
            names = "--now",
            paramLabel = "INSTANT",
            description = "Fix the clock for the release window and the timeline, so the plan is reproducible.%n"
                    + "  e.g. --now 2026-12-01T15:00:00Z (default: the current time)")
    String now;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Plan format: text (default), json (the plan file, schemas/plan.schema.json), markdown"
                    + " (pull-request comment) or argo-rollouts (a Rollout and AnalysisTemplates for kubectl apply).")
    String format;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write the plan to FILE instead of standard output (the summary line still prints).")
    Path output;

    @picocli.CommandLine.Mixin
    AuditLogOption audit;

    @Override
    public Integer call() {
        var out = "text".equals(format) && output == null
                ? Main.textOut(spec)
                : spec.commandLine().getOut();
        PlanRunner.Outcome outcome = new PlanRunner().run(this, out);
        out.flush();
        if (!outcome.notes().isEmpty()) {
            // The objects go to standard output (often a pipe into kubectl): what they leave out is a diagnostic.
            var err = spec.commandLine().getErr();
            err.println("release-policy: the Argo Rollouts objects need or leave out "
                    + outcome.notes().size() + " things (also listed at the top of the output):");
            outcome.notes().forEach(n -> err.println("  - " + n));
            err.flush();
        }
        boolean audited = true;
        if (outcome.plan().isEmpty() && !"text".equals(format)) {
            // Standard output holds the findings in the requested format; the verdict is a diagnostic.
            var err = spec.commandLine().getErr();
            err.println("release-policy: plan refused: " + outcome.report().summary()
                    + "; fix the errors (written to standard output as "
                    + ("argo-rollouts".equals(format) ? "text" : format) + "), then run plan again");
            err.flush();
        }
        if (audit.auditLog != null) {
            audited = CommandAudit.plan(
                    audit.auditLog,
                    manifest,
                    outcome.plan(),
                    outcome.report(),
                    spec.commandLine().getErr());
        }
        return (audited ? outcome.exitCode() : ExitCode.USAGE).code();
    }

    @Override
    public Path manifest() {
        return manifest;
    }

    @Override
    public List<Path> policyDirs() {
        return policyDirs;
    }

    @Override
    public Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    @Override
    public Optional<Instant> now() {
        if (now == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instants.parse(now));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--now: " + e.getMessage());
        }
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public Optional<Path> output() {
        return Optional.ofNullable(output);
    }
}
