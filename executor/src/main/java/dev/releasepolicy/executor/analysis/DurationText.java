package dev.releasepolicy.executor.analysis;

import dev.releasepolicy.core.window.Durations;
import java.time.Duration;

/**
 * The manifest's durations as analysis messages need them: read with the tool-wide
 * {@link Durations} rules, written with milliseconds kept ({@code 1s500ms}), since a rollback that took
 * 1.4 s should not read as {@code 1s}.
 */
public final class DurationText {

    private DurationText() {}

    /**
     * Parses a manifest duration ({@link Durations#parse}); throws {@link IllegalArgumentException} naming
     * the bad text.
     */
    public static Duration parse(String text) {
        return Durations.parse(text);
    }

    /** Formats like the manifest: {@code 2m}, {@code 1h30m}, {@code 0s}; sub-second parts as {@code 250ms}. */
    public static String format(Duration d) {
        Duration positive = d.isNegative() ? Duration.ZERO : d;
        long millis = positive.getNano() / 1_000_000;
        if (positive.getSeconds() == 0 && millis > 0) {
            return millis + "ms";
        }
        String whole = Durations.format(Duration.ofSeconds(positive.getSeconds()));
        return millis > 0 ? whole + millis + "ms" : whole;
    }
}
