package dev.releasepolicy.core.plan;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One Kubernetes object a step creates, changes or deletes, with the body exactly as the executor
 * sends it (the whole object for {@link Operation#CREATE}/{@link Operation#APPLY}, the merge patch for
 * {@link Operation#PATCH}, nothing for {@link Operation#DELETE}).
 *
 * @param body a private copy; treat as read-only
 */
public record ObjectChange(
        Operation operation, String apiVersion, String kind, String namespace, String name, Optional<JsonNode> body) {

    public ObjectChange {
        Objects.requireNonNull(operation);
        body = body.map(JsonNode::deepCopy);
    }

    /** A change of the object {@code ref} names. */
    public ObjectChange(Operation operation, ObjectRef ref, Optional<JsonNode> body) {
        this(operation, ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), body);
    }

    /** The object this change is about. */
    public ObjectRef ref() {
        return new ObjectRef(apiVersion, kind, namespace, name);
    }

    /** {@code + apps/v1 Deployment prod/web-frontend-3-2-0}. */
    public String headline() {
        return operation.symbol() + " " + apiVersion + " " + kind + " " + namespace + "/" + name;
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
