package dev.releasepolicy.core.spec;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code spec.window}: when the release may start.
 *
 * <p>The window engine ({@code core.window}) reads the section as data, and the plan copies it as
 * written, so the section's tree travels with the typed fields.
 *
 * @param timezone the IANA zone of all times
 * @param allow    weekly ranges in which a release may start
 * @param deny     freezes
 * @param tree     {@code spec.window} as loaded; read-only
 */
public record WindowSpec(String timezone, List<Allow> allow, List<Deny> deny, JsonNode tree) {

    public WindowSpec {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /**
     * A weekly range.
     *
     * @param days the days on which it starts
     * @param from local start
     * @param to   local end; earlier than {@code from}: the next day
     */
    public record Allow(List<DayOfWeek> days, LocalTime from, LocalTime to) {
        public Allow {
            days = List.copyOf(days);
        }
    }

    /**
     * A freeze.
     *
     * @param from   local start as written, {@code YYYY-MM-DDTHH:MM} (text: the window engine judges it)
     * @param to     local end as written
     * @param reason why, when written
     */
    public record Deny(String from, String to, Optional<String> reason) {}
}
