package dev.releasepolicy.executor.model;

import java.util.Locale;

/**
 * What a step does to one object, as the plan file spells it ({@code create}, {@code apply},
 * {@code patch}, {@code delete}) with its {@code terraform plan} style symbol.
 */
public enum Operation {
    /** Create the object; it must not have existed before the release. */
    CREATE("+"),
    /** Create or replace the whole object. */
    APPLY("~"),
    /** JSON merge patch (RFC 7386) of an existing object. */
    PATCH("~"),
    /** Delete the object (absent already is fine). */
    DELETE("-");

    private final String symbol;

    Operation(String symbol) {
        this.symbol = symbol;
    }

    /** {@code +}, {@code ~} or {@code -}. */
    public String symbol() {
        return symbol;
    }

    /** The lower-case name used in plan files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operation named in a plan file. */
    public static Operation parse(String label) {
        for (Operation op : values()) {
            if (op.label().equals(label)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown object operation '" + label + "': use create, apply, patch or delete");
    }
}
