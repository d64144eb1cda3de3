package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.PlanStep;
import java.util.Optional;

/** A {@code wait-ready} step: the Deployment it names becomes ready within the step's timeout, or the step fails. */
final class WaitReady implements StepHandler {

    @Override
    public Optional<Outcome> run(StepContext ctx, PlanStep step) {
        String name = step.parameters().path("deployment").asString("");
        if (name.isEmpty()) {
            throw new StepFailure(ctx.label(step) + ": the plan does not say which Deployment to wait for");
        }
        ctx.waitFor(
                step,
                new ObjectRef("apps/v1", "Deployment", ctx.plan.namespace(), name),
                step.timeout().orElse(ctx.settings.defaultReadyTimeout()));
        return Optional.empty();
    }
}
