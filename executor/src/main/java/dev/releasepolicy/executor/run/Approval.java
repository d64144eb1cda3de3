package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.state.ReleaseStatus;
import java.util.Optional;

/** An {@code approval} step: the process stops until {@code approve} has released this pause. */
final class Approval implements StepHandler {

    @Override
    public Optional<Outcome> run(StepContext ctx, PlanStep step) {
        if (ctx.state().approvedStep() == step.index()) {
            return Optional.empty();
        }
        String msg = "waiting for approval at " + ctx.label(step) + ": run 'release-policy approve "
                + ctx.plan.application() + "'";
        return Optional.of(ctx.stop(
                step, ReleaseStatus.AwaitingApproval, "waiting for approval of " + step.id(), msg, Optional.empty()));
    }
}
