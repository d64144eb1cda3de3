package dev.releasepolicy.executor.model;

import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One object a step creates, changes or deletes.
 *
 * @param body the whole object ({@link Operation#CREATE}, {@link Operation#APPLY}), the merge patch
 *             ({@link Operation#PATCH}), or empty ({@link Operation#DELETE}); treat as read-only
 */
public record ObjectChange(Operation operation, ObjectRef ref, Optional<JsonNode> body) {

    public ObjectChange {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(ref, "ref");
        body = body.map(JsonNode::deepCopy);
        if (operation != Operation.DELETE && body.isEmpty()) {
            throw new IllegalArgumentException(operation.label() + " of " + ref + " has no body");
        }
    }

    /** {@code + Deployment prod/web-frontend-3-2-0}. */
    public String headline() {
        return operation.symbol() + " " + ref;
    }
}
