package dev.releasepolicy.core.spec;

/**
 * A number of pods ({@code 1}) or a percentage of the replicas ({@code "25%"}), as Kubernetes reads
 * {@code maxSurge} and {@code maxUnavailable}.
 *
 * @param text the value as written: digits, or digits followed by {@code %}
 */
public record IntOrPercent(String text) {

    /** A number of pods. */
    public static IntOrPercent pods(long count) {
        return new IntOrPercent(Long.toString(count));
    }

    /** A percentage such as {@code 25%}. */
    public static IntOrPercent percent(String text) {
        if (!text.endsWith("%")) {
            throw new IllegalArgumentException("'" + text + "' is not a percentage such as 25%");
        }
        return new IntOrPercent(text);
    }

    /** True for a percentage, which Kubernetes wants as a string; a number of pods is an integer. */
    public boolean isPercent() {
        return text.endsWith("%");
    }

    /** The number of pods; only for {@code !isPercent()}. */
    public long pods() {
        if (isPercent()) {
            throw new IllegalStateException(text + " is a percentage, not a number of pods");
        }
        return Long.parseLong(text);
    }
}
