package dev.releasepolicy.core.finding;

import java.util.Locale;

/** How bad a finding is: errors fail {@code verify}, warnings only with {@code --fail-on-warn}. */
public enum Severity {
    ERROR,
    WARNING;

    /** The lower-case name used in every output format and in policy metadata. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code error} or {@code warning} (any case). */
    public static Severity parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            default -> throw new IllegalArgumentException("unknown severity '" + text + "': use error or warning");
        };
    }
}
