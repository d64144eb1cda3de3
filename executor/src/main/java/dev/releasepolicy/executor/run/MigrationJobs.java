package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.Jobs;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import java.util.Optional;

/**
 * The Jobs of a migration step as the executor finds them: the up-migration's Job is one of the step's
 * plan objects (the planner made it, {@link Jobs#migration}); the down-migration's Job, run only on a
 * rollback, is built by the same core builder from the step's parameters.
 */
public final class MigrationJobs {

    private MigrationJobs() {}

    /** The Job of a migration step, or empty when the manifest names no job image for it. */
    public static Optional<ObjectChange> up(PlanStep step) {
        return step.objects().stream().filter(o -> o.kind().equals("Job")).findFirst();
    }

    /** The Job of a migration step's down-migration, when the manifest names one and a job image. */
    public static Optional<ObjectChange> down(Plan plan, PlanStep step) {
        String image = step.parameters().path("image").asString("");
        String down = step.parameters().path("down").asString("");
        if (image.isEmpty() || down.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Jobs.migration(plan.application(), plan.namespace(), plan.version(), down, image, "down"));
    }
}
