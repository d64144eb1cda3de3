package dev.releasepolicy.core.spec;

import dev.releasepolicy.core.window.Durations;
import java.time.Duration;

/**
 * A duration of the manifest, such as {@code 30m}: its value, and its text as written, because plans
 * show durations the way the user wrote them ({@code 90m} stays {@code 90m}, not {@code 1h30m}).
 *
 * @param text  as written in the manifest
 * @param value the parsed length
 */
public record WrittenDuration(String text, Duration value) {

    /**
     * Parses a duration as written.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static WrittenDuration parse(String text) {
        return new WrittenDuration(text, Durations.parse(text));
    }
}
