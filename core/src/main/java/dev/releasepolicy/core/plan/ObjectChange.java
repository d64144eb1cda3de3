package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.edit.ObjectEdit;
import dev.releasepolicy.core.edits.EditCodec;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One Kubernetes object a step creates, changes or deletes, with the body exactly as the executor
 * sends it (the whole object for {@link Operation#CREATE}/{@link Operation#APPLY}, the merge patch for
 * {@link Operation#PATCH}, the edit description for {@link Operation#EDIT} (see {@link EditCodec}: an
 * edit of an unknown kind is refused here, so no plan holds one), nothing for {@link Operation#DELETE}).
 *
 * @param body a private copy; treat as read-only
 */
public record ObjectChange(
        Operation operation, String apiVersion, String kind, String namespace, String name, Optional<JsonNode> body) {

    public ObjectChange {
        Objects.requireNonNull(operation);
        body = body.map(JsonNode::deepCopy);
        if (operation == Operation.EDIT) {
            EditCodec.fromJson(body.orElseThrow(() -> new IllegalArgumentException(
                    "the edit of " + kind + " " + namespace + "/" + name + " has no edit description")));
        }
        if (operation == Operation.CREATE_FROM) {
            JsonNode b = body.orElseThrow(() -> new IllegalArgumentException(
                    "the create-from of " + kind + " " + namespace + "/" + name + " has no description"));
            if (!b.path("from").isString()) {
                throw new IllegalArgumentException(
                        "the create-from of " + kind + " " + namespace + "/" + name + " does not say from what");
            }
            EditCodec.fromJson(b.path("edit"));
        }
    }

    /** {@code ref} made at apply time from the live object {@code from} (same kind and namespace) by {@code edit}. */
    public static ObjectChange createFrom(ObjectRef ref, String from, ObjectEdit edit) {
        ObjectNode b = JsonNodeFactory.instance.objectNode().put("from", from);
        b.set("edit", EditCodec.toJson(edit));
        return new ObjectChange(Operation.CREATE_FROM, ref, Optional.of(b));
    }

    /** The object a {@link Operation#CREATE_FROM} is made from; empty for every other operation. */
    public Optional<ObjectRef> source() {
        return operation == Operation.CREATE_FROM
                ? body.map(b -> new ObjectRef(
                        apiVersion, kind, namespace, b.path("from").asString()))
                : Optional.empty();
    }

    /** An edit of the existing object {@code ref} names: only the fields {@code edit} owns change. */
    public static ObjectChange edit(ObjectRef ref, ObjectEdit edit) {
        return new ObjectChange(Operation.EDIT, ref, Optional.of(EditCodec.toJson(edit)));
    }

    /** The edit an {@link Operation#EDIT} sends, or a {@link Operation#CREATE_FROM} applies to its source. */
    public Optional<ObjectEdit> edit() {
        return switch (operation) {
            case EDIT -> body.map(EditCodec::fromJson);
            case CREATE_FROM -> body.map(b -> EditCodec.fromJson(b.path("edit")));
            case CREATE, APPLY, PATCH, DELETE -> Optional.empty();
        };
    }

    /** A change of the object {@code ref} names. */
    public ObjectChange(Operation operation, ObjectRef ref, Optional<JsonNode> body) {
        this(operation, ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), body);
    }

    /** The object this change is about. */
    public ObjectRef ref() {
        return new ObjectRef(apiVersion, kind, namespace, name);
    }

    /**
     * {@code + apps/v1 Deployment prod/web-frontend-3-2-0}; an edit adds what it changes:
     * {@code ~ networking.istio.io/v1 VirtualService prod/orders-api: route primary → stable 80, canary 20}.
     */
    public String headline() {
        return operation.symbol() + " " + apiVersion + " " + kind + " " + namespace + "/" + name
                + source().map(s -> " from the live " + s.kind() + " " + s.name())
                        .orElse("")
                + edit().map(e -> ": " + EditCodec.describe(e)).orElse("");
    }

    /** {@code + Deployment prod/web-frontend-3-2-0}: how the executor's progress and audit name it. */
    public String shortHeadline() {
        return operation.symbol() + " " + reference();
    }

    /** {@code Deployment prod/web-frontend-3-2-0}. */
    public String reference() {
        return kind + " " + namespace + "/" + name;
    }
}
