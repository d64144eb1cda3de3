package dev.releasepolicy.core.options;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Parses the {@code --now} clock option. */
public final class Instants {

    private Instants() {}

    /**
     * Accepts an ISO-8601 instant ({@code 2026-12-01T15:00:00Z}), an offset date-time
     * ({@code 2026-12-01T23:00+08:00}) or a date (midnight UTC).
     *
     * @throws IllegalArgumentException with an example when the text is none of these
     */
    public static Instant parse(String text) {
        String t = text.trim();
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException ignored) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an ISO-8601 instant; write e.g. 2026-12-01T15:00:00Z");
        }
    }
}
