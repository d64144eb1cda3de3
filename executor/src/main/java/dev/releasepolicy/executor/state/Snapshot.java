package dev.releasepolicy.executor.state;

import dev.releasepolicy.core.plan.ObjectRef;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An object as it was before a step changed it (empty: it did not exist). Compensation restores it:
 * re-creates, reverts or deletes the object. Recorded in the state before the step sends anything.
 */
public record Snapshot(ObjectRef ref, Optional<JsonNode> before) {

    public Snapshot {
        before = before.map(JsonNode::deepCopy);
    }
}
