package dev.releasepolicy.core.plan;

/**
 * What a step does to one Kubernetes object, with the {@code terraform plan} style symbol:
 * {@code +} create, {@code ~} change (apply the whole object, a JSON merge patch, or an edit of the team's
 * object), {@code -} delete.
 */
public enum Operation {
    /** Create the object; it must not exist yet. */
    CREATE("+", "create"),
    /**
     * Create the object from another live object of the same kind and namespace at apply time: the body
     * is {@code {"from": NAME, "edit": {...}}}, the edit turning the live {@code NAME} into this object
     * ({@code spec.workload.deployment}: the new version's Deployment made from the team's live one).
     */
    CREATE_FROM("+", "create-from"),
    /** Create or replace the whole object (server-side: get, then create or update). */
    APPLY("~", "apply"),
    /** JSON merge patch ({@code application/merge-patch+json}) of an existing object; the body is the patch. */
    PATCH("~", "patch"),
    /**
     * Change only the fields the release owns in an EXISTING object (the team's VirtualService,
     * DestinationRule or Deployment): the body is an edit description ({@code dev.releasepolicy.core.edits}),
     * applied to the live object at apply time. The object is never created.
     */
    EDIT("~", "edit"),
    /** Delete the object; the body is empty. */
    DELETE("-", "delete");

    private final String symbol;
    private final String label;

    Operation(String symbol, String label) {
        this.symbol = symbol;
        this.label = label;
    }

    public String symbol() {
        return symbol;
    }

    /** Lower-case name used in the plan file. */
    public String label() {
        return label;
    }
}
