package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.PlanStep;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@code migrate-data} step: its Job (a plan object when the manifest gives a migration image) is sent
 * with the step's other objects and must complete; without an image the executor does not run it and says so.
 */
final class Migration implements StepHandler {

    /** How long a migration Job may run when its step gives no timeout. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    @Override
    public Optional<Outcome> run(StepContext ctx, PlanStep step) {
        Optional<ObjectChange> job = MigrationJobs.up(step);
        if (job.isPresent()) {
            ctx.waitFor(step, job.get().ref(), step.timeout().orElse(DEFAULT_TIMEOUT));
        } else if (!step.parameters().path("image").asString("").isEmpty()) {
            // A plan written before the planner rendered migration Jobs: never skip a migration silently.
            throw new StepFailure(ctx.label(step) + ": the plan names job image "
                    + step.parameters().path("image").asString() + " but holds no migration Job (a plan made"
                    + " by an earlier release-policy): run release-policy plan again");
        } else {
            ctx.note("migration " + step.parameters().path("migration").asString("") + " has no job image in"
                    + " the manifest: the executor does not run it; make sure it ran before traffic moves");
        }
        return Optional.empty();
    }
}
