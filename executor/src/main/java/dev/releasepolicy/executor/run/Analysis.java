package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.spec.WrittenDuration;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.status.StatusQuery;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An {@code analysis} step: its {@code job} checks' Jobs must complete, then the analyzer's verdict on the
 * step's other metrics (queries, web values, webhooks). Unhealthy fails the step
 * (the release rolls back); inconclusive fails closed: traffic stays and a person approves or rolls back.
 */
final class Analysis implements StepHandler {

    @Override
    public Optional<Outcome> run(StepContext ctx, PlanStep step) {
        if (ctx.state().approvedStep() == step.index()) {
            // a person looked at an inconclusive analysis here and decided to go on
            ctx.note(ctx.label(step) + ": inconclusive analysis, continued on approval by "
                    + String.join(", ", ctx.state().approvals()));
            ctx.progress.line("  analysis: inconclusive before, continued on approval");
            return Optional.empty();
        }
        runJobs(ctx, step);
        if (MetricAnalyzer.stepMetrics(step).isEmpty()) {
            // Only job checks, all passed; the step's triggers were watched while the Jobs ran.
            return Optional.empty();
        }
        Analyzer.Verdict verdict = ctx.analyzer
                .analyze(ctx.plan, step)
                .orElseGet(() -> Analyzer.Verdict.inconclusive(
                        "analysis at step " + step.id() + " could not be performed by the analyzer"));
        if (verdict.inconclusive()) {
            String why = verdict.summary();
            String application = ctx.plan.application();
            String msg = StatusQuery.INCONCLUSIVE + " at " + ctx.label(step) + " (" + why + "): traffic stays as"
                    + " it is; run 'release-policy approve " + application + "' to go on or"
                    + " 'release-policy rollback " + application + "' to roll back";
            return Optional.of(ctx.stop(
                    step,
                    ReleaseStatus.AwaitingApproval,
                    StatusQuery.INCONCLUSIVE + " at " + step.id() + ": " + why,
                    msg,
                    Optional.empty()));
        }
        if (!verdict.healthy()) {
            throw new StepFailure(ctx.label(step) + ": analysis failed: " + verdict.summary());
        }
        ctx.progress.line("  analysis: " + verdict.summary());
        return Optional.empty();
    }

    /**
     * The step's {@code job} checks: their Jobs (plan objects, sent with the step) must complete. A
     * failed Job fails the step, which rolls the release back; a dry-run Job's result is only noted.
     */
    private static void runJobs(StepContext ctx, PlanStep step) {
        for (JsonNode m : step.parameters().path("metrics")) {
            if (!m.path("kind").asString("").equals("job")) {
                continue;
            }
            String metric = m.path("name").asString();
            String jobName = m.path("jobName").asString("");
            ObjectChange job = step.objects().stream()
                    .filter(o -> o.kind().equals("Job") && o.name().equals(jobName))
                    .findFirst()
                    .orElseThrow(
                            () -> new StepFailure(ctx.label(step) + ": the plan has no Job for job check " + metric));
            Duration timeout = ctx.plan
                    .runtime()
                    .monitoring()
                    .metric(metric)
                    .flatMap(d -> d.check() instanceof Check.Job j ? j.timeout() : Optional.empty())
                    .map(WrittenDuration::value)
                    .orElse(Migration.DEFAULT_TIMEOUT);
            try {
                ctx.waitFor(step, job.ref(), timeout);
                ctx.progress.line("  job check " + metric + ": passed (" + job.ref() + " complete)");
            } catch (StepFailure e) {
                if (!m.path("dryRun").asBoolean(false)) {
                    throw new StepFailure(ctx.label(step) + ": job check " + metric + " failed: " + e.getMessage(), e);
                }
                ctx.note("dry run: job check " + metric + " failed (not deciding): " + e.getMessage());
            }
        }
    }
}
