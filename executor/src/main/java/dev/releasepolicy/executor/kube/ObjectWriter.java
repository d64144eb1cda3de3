package dev.releasepolicy.executor.kube;

import dev.releasepolicy.core.edit.EditRefusedException;
import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.plan.ObjectChange;
import dev.releasepolicy.core.plan.ObjectRef;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends one object change idempotently, as read-modify-write with the read {@code resourceVersion}
 * (a 409 re-reads and tries again, through the {@link Retrier}). An object that already is as
 * wanted is not written at all, so a step re-entered after a kill sends nothing twice. An
 * {@code edit} changes only what it owns in the team's existing object, which it never creates.
 */
public final class ObjectWriter {

    /** What a write did. */
    public enum Effect {
        CREATED,
        UPDATED,
        DELETED,
        UNCHANGED
    }

    private final Cluster cluster;
    private final Retrier retrier;

    public ObjectWriter(Cluster cluster, Retrier retrier) {
        this.cluster = cluster;
        this.retrier = retrier;
    }

    /**
     * Sends a change.
     *
     * @param existedBefore whether the object existed before the release touched it (from the
     *                      step's snapshot): a {@code create} of an object that existed before fails,
     *                      one that this release created already is brought up to date
     */
    public Effect send(ObjectChange change, boolean existedBefore) {
        ObjectRef ref = change.ref();
        return retrier.call(() -> {
            Optional<JsonNode> live = cluster.get(ref);
            switch (change.operation()) {
                case DELETE -> {
                    if (live.isEmpty()) {
                        return Effect.UNCHANGED;
                    }
                    cluster.delete(ref);
                    return Effect.DELETED;
                }
                case CREATE -> {
                    if (live.isEmpty()) {
                        return create(change.body().orElseThrow());
                    }
                    if (existedBefore) {
                        throw new ClusterException(
                                "create",
                                ref,
                                409,
                                "it exists already (it existed before this" + " release; delete it or plan an update)",
                                null);
                    }
                    return replace(live.get(), change.body().orElseThrow());
                }
                case CREATE_FROM -> {
                    JsonNode body = made(change, cluster.get(change.source().orElseThrow()));
                    if (live.isEmpty()) {
                        return create(body);
                    }
                    if (existedBefore) {
                        throw new ClusterException(
                                "create",
                                ref,
                                409,
                                "it exists already (it existed before this release; delete it or plan an update)",
                                null);
                    }
                    return replace(live.get(), body);
                }
                case APPLY -> {
                    return live.isEmpty()
                            ? create(change.body().orElseThrow())
                            : replace(live.get(), change.body().orElseThrow());
                }
                case PATCH -> {
                    if (live.isEmpty()) {
                        throw new ClusterException(
                                "patch", ref, 404, "not found: the plan changes an object that" + " must exist", null);
                    }
                    JsonNode merged =
                            JsonMergePatch.apply(live.get(), change.body().orElseThrow());
                    if (Json.same(merged, live.get())) {
                        return Effect.UNCHANGED;
                    }
                    cluster.update(merged);
                    return Effect.UPDATED;
                }
                case EDIT -> {
                    return edit(change, live);
                }
            }
            throw new IllegalStateException(change.operation().name());
        });
    }

    /**
     * An edit of the team's object: only what the edit owns changes, everything else is written back
     * as read, with the read {@code resourceVersion} (so a concurrent change is a 409 and the edit is
     * applied again to the object as it now is). Nothing is written when the edit changes nothing.
     */
    private Effect edit(ObjectChange change, Optional<JsonNode> live) {
        ObjectRef ref = change.ref();
        if (live.isEmpty()) {
            throw new ClusterException(
                    "edit",
                    ref,
                    404,
                    "not found: the release changes the team's " + ref + "; it does not create it (create it, or"
                            + " correct its name in the release manifest)",
                    null);
        }
        JsonNode edited = edited(change, live.get());
        if (Json.same(edited, live.get())) {
            return Effect.UNCHANGED;
        }
        cluster.update(edited);
        return Effect.UPDATED;
    }

    /**
     * The object a {@code create-from} makes from its live {@code source}.
     *
     * @throws ClusterException (404) when the source does not exist, (422) when it does not allow the edit
     */
    public static JsonNode made(ObjectChange change, Optional<JsonNode> source) {
        ObjectRef from =
                change.source().orElseThrow(() -> new IllegalArgumentException(change + " is not a create-from"));
        if (source.isEmpty()) {
            throw new ClusterException(
                    "create",
                    change.ref(),
                    404,
                    "not found: the release makes it from the team's live " + from + ", which does not exist"
                            + " (check spec.workload.deployment)",
                    null);
        }
        return edited(change, source.get());
    }

    /**
     * {@code live} as the edit of {@code change} leaves it (the read resourceVersion kept).
     *
     * @throws ClusterException (422, not retried) when the live object does not allow the edit
     */
    public static JsonNode edited(ObjectChange change, JsonNode live) {
        ObjectEdit edit = change.edit().orElseThrow(() -> new IllegalArgumentException(change + " is not an edit"));
        try {
            return edit.apply(live);
        } catch (EditRefusedException e) {
            throw new ClusterException("edit", change.ref(), 422, e.getMessage() + " (" + e.hint() + ")", e);
        }
    }

    /**
     * Puts an object back as a snapshot recorded it: deletes it when it did not exist, re-creates it
     * when it was deleted, and otherwise writes the recorded content over the live object.
     */
    public Effect restore(ObjectRef ref, Optional<JsonNode> before) {
        return retrier.call(() -> {
            Optional<JsonNode> live = cluster.get(ref);
            if (before.isEmpty()) {
                if (live.isEmpty()) {
                    return Effect.UNCHANGED;
                }
                cluster.delete(ref);
                return Effect.DELETED;
            }
            ObjectNode wanted = Json.withoutServerFields(before.get());
            if (live.isEmpty()) {
                cluster.create(wanted);
                return Effect.CREATED;
            }
            return replace(live.get(), wanted);
        });
    }

    private Effect create(JsonNode body) {
        cluster.create(Json.withoutServerFields(body));
        return Effect.CREATED;
    }

    /** Writes {@code desired} over {@code live} unless live already is as desired. */
    private Effect replace(JsonNode live, JsonNode desired) {
        if (Json.covers(live, desired) && Json.covers(desired, Json.withoutServerFields(live))) {
            return Effect.UNCHANGED;
        }
        ObjectNode next = Json.withoutServerFields(desired);
        ObjectNode meta = (ObjectNode) next.path("metadata");
        JsonNode liveMeta = live.path("metadata");
        meta.put("resourceVersion", liveMeta.path("resourceVersion").asString());
        // Keep labels and annotations others put on the object; the desired ones win.
        for (String part : java.util.List.of("labels", "annotations")) {
            if (liveMeta.path(part).isObject()) {
                JsonNode merged = JsonMergePatch.apply(
                        liveMeta.get(part),
                        meta.path(part).isObject()
                                ? meta.get(part)
                                : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
                meta.set(part, merged);
            }
        }
        if (live.has("status")) {
            next.set("status", live.get("status").deepCopy());
        }
        if (Json.same(
                        next.deepCopy().without("metadata"),
                        ((ObjectNode) live).deepCopy().without("metadata"))
                && Json.same(next.path("metadata").path("labels"), liveMeta.path("labels"))
                && Json.same(next.path("metadata").path("annotations"), liveMeta.path("annotations"))) {
            return Effect.UNCHANGED;
        }
        cluster.update(next);
        return Effect.UPDATED;
    }
}
