package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Operation;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.workload.RecommendedLabels;
import dev.releasepolicy.core.workload.VersionNames;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes Job that runs a migration step: image from the manifest's migration
 * ({@code parameters.image}), arguments {@code up|down <migration id>}, no retries (a failed migration
 * fails the step). Named {@code <application>-migrate-<id slug>}.
 */
public final class MigrationJobs {

    private MigrationJobs() {}

    /** The Job of a migration step, or empty when the manifest names no job image for it. */
    public static Optional<ObjectChange> up(Plan plan, PlanStep step) {
        String image = step.parameters().path("image").asString("");
        if (image.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(job(plan, step.parameters().path("migration").asString(step.id()), image, "up"));
    }

    /** The Job of a migration step's down-migration, when the manifest names one and a job image. */
    public static Optional<ObjectChange> down(Plan plan, PlanStep step) {
        String image = step.parameters().path("image").asString("");
        String down = step.parameters().path("down").asString("");
        if (image.isEmpty() || down.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(job(plan, down, image, "down"));
    }

    private static ObjectChange job(Plan plan, String migration, String image, String direction) {
        String slug =
                migration.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String name = plan.application() + "-migrate-" + slug;
        if (name.length() > 63) {
            name = name.substring(0, 63).replaceAll("-+$", "");
        }
        ObjectNode j = JsonNodeFactory.instance.objectNode();
        j.put("apiVersion", "batch/v1");
        j.put("kind", "Job");
        ObjectNode meta = j.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", plan.namespace());
        ObjectNode labels = meta.putObject("labels").put("app", plan.application());
        RecommendedLabels.put(labels, plan.application(), name, VersionNames.labelValue(plan.version()));
        labels.put("releasepolicy.dev/migration", slug);
        ObjectNode spec = j.putObject("spec");
        spec.put("backoffLimit", 0);
        ObjectNode pod = spec.putObject("template").putObject("spec");
        pod.put("restartPolicy", "Never");
        ObjectNode container = pod.putArray("containers").addObject();
        container.put("name", "migrate");
        container.put("image", image);
        container.putArray("args").add(direction).add(migration);
        return new ObjectChange(
                Operation.CREATE, new ObjectRef("batch/v1", "Job", plan.namespace(), name), Optional.of(j));
    }
}
