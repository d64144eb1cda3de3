package dev.releasepolicy.core.edit;

import tools.jackson.databind.JsonNode;

/**
 * An edit whose undo is computed from the object as it was before: the inverse puts back only the
 * parts this edit owns (a route's destinations, two subsets, a selector key), so changes others made
 * meanwhile to the rest of the object survive the undo, and {@code inverse(before).apply(apply(before))}
 * equals {@code before}.
 */
public interface ReversibleEdit extends ObjectEdit {

    /** The edit that restores, on a later version of the object, what this edit changed in {@code before}. */
    ObjectEdit inverse(JsonNode before);
}
