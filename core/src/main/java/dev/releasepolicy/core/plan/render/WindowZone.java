package dev.releasepolicy.core.plan.render;

import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Plan;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The release window's time zone, as the plan's window pre-check names it, so that plan times can be
 * read both in UTC and as the people who own the window read them: {@code 2026-12-01T15:00:00Z (Tue
 * 16:00 Europe/Berlin)}. A plan without a window shows UTC only.
 */
final class WindowZone {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);

    private final Optional<ZoneId> zone;

    private WindowZone(Optional<ZoneId> zone) {
        this.zone = zone;
    }

    static WindowZone of(Plan plan) {
        return new WindowZone(plan.steps().stream()
                .filter(s -> s.action() == Action.PRECHECK_WINDOW)
                .map(s -> s.parameters().path("timezone").asString(""))
                .filter(z -> !z.isEmpty())
                .findFirst()
                .flatMap(WindowZone::zone));
    }

    private static Optional<ZoneId> zone(String id) {
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** {@code 2026-12-01T15:00:00Z}, with the window's local time after it when the plan has a window. */
    String at(Instant instant) {
        return instant
                + zone.map(z -> " (" + LOCAL.format(instant.atZone(z)) + " " + z.getId() + ")")
                        .orElse("");
    }
}
