package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.status.StatusQuery;
import java.util.Optional;

/**
 * An {@code analysis} step: the analyzer's verdict on the step's metrics. Unhealthy fails the step
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
}
