package dev.releasepolicy.core.window;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link WindowEvaluator} says about a release window at one instant. Immutable.
 *
 * @param valid            true when the window definition is sane (zone exists, times parse, ranges
 *                         non-empty, deny periods end after they start, days known)
 * @param problems         what makes it invalid, each with a JSON Pointer; empty when valid
 * @param open             true when {@code now} is inside an allow window and outside every deny
 *                         period (always false for an invalid definition)
 * @param reason           one human sentence saying why it is open or closed
 * @param nextOpening      the first instant at or after {@code now} at which the release may start
 *                         (equal to {@code now} when open); empty when invalid or when nothing opens
 *                         within {@link WindowEvaluator#HORIZON}
 * @param nextOpeningLocal {@code nextOpening} in the window's zone, e.g.
 *                         {@code Tue 2026-12-01 22:00 Asia/Shanghai}
 * @param closesAt         when open: the end of the current opening — the end of the allow window
 *                         (contiguous allow windows merge) or the start of the next deny period,
 *                         whichever comes first; empty when closed, or when the opening does not
 *                         end within the horizon
 * @param canFinish        true when open and {@code now + minimumDuration <= closesAt} (or it does
 *                         not close)
 * @param minimumDuration  the release's minimum duration the verdict was computed with
 * @param frozen           the deny period {@code now} falls in, if any
 * @param fitsFrom         the first instant at or after {@code now} at which the window is open and the
 *                         release can finish before it closes ({@code now} when {@code canFinish}): the
 *                         start a hint can name; empty when invalid or when no opening within the
 *                         horizon is long enough
 * @param fitsFromLocal    {@code fitsFrom} in the window's zone, like {@code nextOpeningLocal}
 */
public record WindowVerdict(
        boolean valid,
        List<WindowProblem> problems,
        boolean open,
        String reason,
        Optional<Instant> nextOpening,
        Optional<String> nextOpeningLocal,
        Optional<Instant> closesAt,
        boolean canFinish,
        Duration minimumDuration,
        Optional<Freeze> frozen,
        Optional<Instant> fitsFrom,
        Optional<String> fitsFromLocal) {

    public WindowVerdict {
        problems = List.copyOf(problems);
        if (reason == null
                || minimumDuration == null
                || nextOpening == null
                || nextOpeningLocal == null
                || closesAt == null
                || frozen == null
                || fitsFrom == null
                || fitsFromLocal == null) {
            throw new IllegalArgumentException("reason, minimumDuration and the optionals must not be null");
        }
    }

    /**
     * The verdict as plain data, the object policies see as {@code ctx.window}. Keys, in this order:
     * {@code valid} (boolean), {@code problems} (list of {@code {path, message, hint}}), {@code open}
     * (boolean), {@code reason} (string), {@code nextOpening} (ISO-8601 instant or null),
     * {@code nextOpeningLocal} (string or null), {@code closesAt} (ISO-8601 instant or null),
     * {@code canFinish} (boolean), {@code minimumDuration} (in the manifest's notation, such as
     * {@code 40m}), {@code frozen} ({@code {reason, until}} or null), {@code fitsFrom} (ISO-8601 instant
     * or null) and {@code fitsFromLocal} (string or null). Instants are given to the second. The map and
     * its lists are unmodifiable.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", valid);
        m.put(
                "problems",
                problems.stream()
                        .map(WindowProblem::toMap)
                        .map(Collections::unmodifiableMap)
                        .toList());
        m.put("open", open);
        m.put("reason", reason);
        m.put("nextOpening", nextOpening.map(WindowVerdict::text).orElse(null));
        m.put("nextOpeningLocal", nextOpeningLocal.orElse(null));
        m.put("closesAt", closesAt.map(WindowVerdict::text).orElse(null));
        m.put("canFinish", canFinish);
        m.put("minimumDuration", Durations.format(minimumDuration));
        m.put("frozen", frozen.map(f -> Collections.unmodifiableMap(f.toMap())).orElse(null));
        m.put("fitsFrom", fitsFrom.map(WindowVerdict::text).orElse(null));
        m.put("fitsFromLocal", fitsFromLocal.orElse(null));
        return Collections.unmodifiableMap(m);
    }

    /** The same verdict with {@code fitsFrom} set. */
    WindowVerdict withFitsFrom(Optional<Instant> start, Optional<String> local) {
        return new WindowVerdict(
                valid,
                problems,
                open,
                reason,
                nextOpening,
                nextOpeningLocal,
                closesAt,
                canFinish,
                minimumDuration,
                frozen,
                start,
                local);
    }

    /** An instant to the second, as people read it: {@code 2026-12-01T15:00:00Z}. */
    private static String text(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
