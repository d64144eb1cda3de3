package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.PlanStep;
import java.util.Optional;

/**
 * What one kind of step does once its objects are in place ({@link SendObjects}): wait for readiness,
 * a Job, a pause, an approval, an analysis. The step loop picks one per {@code core.plan.Action}.
 */
interface StepHandler {

    /** Runs the step's own part; a present outcome means the process stops here (a long wait, an approval). */
    Optional<Outcome> run(StepContext ctx, PlanStep step);
}
