package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.core.workload.RecommendedLabels;
import dev.releasepolicy.core.workload.VersionNames;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes Jobs a plan creates: a migration step's Job and the Jobs of {@code job} checks (smoke
 * and load tests). Built here, by the planner, so the plan's object counts, its Markdown and the dry run
 * show the same objects the executor creates; the executor builds nothing of its own.
 *
 * <p>All of them run once ({@code backoffLimit: 0}, {@code restartPolicy: Never}): a failed migration
 * fails its step, a failed check is a failed measurement.
 */
public final class Jobs {

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;
    private static final int MAX_NAME = 63;

    private Jobs() {}

    /**
     * A migration's Job, {@code <application>-migrate-<id slug>}, running {@code <direction> <migration>}.
     *
     * @param direction {@code up} or {@code down}
     */
    public static ObjectChange migration(
            String application, String namespace, String version, String migration, String image, String direction) {
        String slug = slug(migration);
        String name = name(application + "-migrate-" + slug);
        ObjectNode j = job(application, namespace, version, name);
        ((ObjectNode) j.path("metadata").path("labels")).put("releasepolicy.dev/migration", slug);
        ObjectNode container = container(j, "migrate", image);
        container.putArray("args").add(direction).add(migration);
        return create(namespace, name, j);
    }

    /**
     * The Job of a {@code job} check, {@code <application>-<version>-<metric>-<occurrence>}: the
     * occurrence ({@code 1}, {@code 2}, {@code after-rollback}) tells apart the runs of one metric in a plan.
     */
    public static ObjectChange check(
            String application, String namespace, String version, String metric, Check.Job check, String occurrence) {
        String name = name(application + "-" + VersionNames.slug(version) + "-" + slug(metric) + "-" + occurrence);
        ObjectNode j = job(application, namespace, version, name);
        ((ObjectNode) j.path("metadata").path("labels")).put("releasepolicy.dev/check", slug(metric));
        check.timeout()
                .ifPresent(t -> ((ObjectNode) j.path("spec"))
                        .put("activeDeadlineSeconds", t.value().getSeconds()));
        ObjectNode container = container(j, "check", check.image());
        if (!check.command().isEmpty()) {
            ArrayNode command = container.putArray("command");
            check.command().forEach(command::add);
        }
        if (!check.args().isEmpty()) {
            ArrayNode args = container.putArray("args");
            check.args().forEach(args::add);
        }
        if (!check.env().isEmpty()) {
            ArrayNode env = container.putArray("env");
            check.env().forEach((k, v) -> env.addObject().put("name", k).put("value", v));
        }
        return create(namespace, name, j);
    }

    /** Whether an object is a check Job this class made (its label says so). */
    public static Optional<String> checkOf(ObjectChange object) {
        return object.body()
                .map(b -> b.path("metadata").path("labels").path("releasepolicy.dev/check"))
                .filter(l -> l.isString())
                .map(l -> l.asString());
    }

    private static ObjectNode job(String application, String namespace, String version, String name) {
        ObjectNode j = NF.objectNode();
        j.put("apiVersion", "batch/v1");
        j.put("kind", "Job");
        ObjectNode meta = j.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", namespace);
        ObjectNode labels = meta.putObject("labels").put("app", application);
        RecommendedLabels.put(labels, application, name, VersionNames.labelValue(version));
        ObjectNode spec = j.putObject("spec");
        spec.put("backoffLimit", 0);
        spec.putObject("template").putObject("spec").put("restartPolicy", "Never");
        return j;
    }

    private static ObjectNode container(ObjectNode job, String name, String image) {
        ObjectNode pod = (ObjectNode) job.path("spec").path("template").path("spec");
        ObjectNode container = pod.putArray("containers").addObject();
        container.put("name", name);
        container.put("image", image);
        return container;
    }

    private static ObjectChange create(String namespace, String name, ObjectNode body) {
        return new ObjectChange(Operation.CREATE, new ObjectRef("batch/v1", "Job", namespace, name), Optional.of(body));
    }

    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    private static String name(String name) {
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME).replaceAll("-+$", "") : name;
    }
}
