package dev.releasepolicy.core.plan;

import java.util.List;
import java.util.Optional;

/**
 * The release's rollback: the version it goes back to, and the automatic rollback (its triggers and
 * the path the executor runs when one fires, from any step that watches it).
 *
 * @param toVersion     {@code spec.rollback.to}
 * @param image         {@code spec.rollback.image} (image rollback)
 * @param configMaps    the previous version's ConfigMaps (config rollback)
 * @param triggers      {@code spec.rollback.automatic}
 * @param automaticPath what happens when a trigger fires, in order; empty without triggers
 * @param afterRollback {@code spec.rollback.afterRollback.metrics}: checked after any rollback (automatic or
 *                      manual) to see that it recovered the business; empty: the release's analysis metrics
 * @param afterRollbackJobs the Jobs of the {@code job} checks among them, created after a rollback
 */
public record RollbackPlan(
        Optional<String> toVersion,
        Optional<String> image,
        List<String> configMaps,
        List<RollbackTrigger> triggers,
        List<Compensation> automaticPath,
        List<String> afterRollback,
        List<ObjectChange> afterRollbackJobs) {

    public RollbackPlan {
        configMaps = List.copyOf(configMaps);
        triggers = List.copyOf(triggers);
        automaticPath = List.copyOf(automaticPath);
        afterRollback = List.copyOf(afterRollback);
        afterRollbackJobs = List.copyOf(afterRollbackJobs);
    }
}
