package dev.releasepolicy.core.edit;

import tools.jackson.databind.JsonNode;

/**
 * A pure change to one live Kubernetes object: the object as the cluster holds it in, the object as
 * it should be out. The input is never mutated, the output keeps the input's key order, and
 * everything the edit does not own is deep-equal to the input, so an edit can be sent as a whole
 * object (with the live resourceVersion) without losing what the team or another controller wrote.
 */
@FunctionalInterface
public interface ObjectEdit {

    /**
     * The edited copy of {@code live}.
     *
     * @throws EditRefusedException when the live object does not allow the edit
     */
    JsonNode apply(JsonNode live);
}
