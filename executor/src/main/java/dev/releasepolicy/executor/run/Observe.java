package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.PlanStep;
import java.util.Optional;

/** A step the executor does not act on itself (notify, record, precheck-*): the listeners hear of it. */
final class Observe implements StepHandler {

    @Override
    public Optional<Outcome> run(StepContext ctx, PlanStep step) {
        ctx.listener.observe(ctx.plan, step);
        return Optional.empty();
    }
}
