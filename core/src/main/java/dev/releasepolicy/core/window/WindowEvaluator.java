package dev.releasepolicy.core.window;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates a manifest's release window ({@code spec.window}) at an instant, with {@code java.time}.
 *
 * <pre>
 * window:
 *   timezone: Asia/Shanghai                                  # IANA zone id
 *   allow:                                                   # when a release may start
 *     - {days: [Tue, Wed, Thu], from: "22:00", to: "02:00"}  # to &lt;= from: crosses midnight
 *   deny:                                                    # freezes, local date-times
 *     - {from: "2026-12-24T00:00", to: "2027-01-03T00:00", reason: year-end freeze}
 * </pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>All times are local to {@code timezone}. An allow entry opens on each listed day at
 *       {@code from} and closes at {@code to} the same day, or the next day when {@code to <= from}
 *       (so {@code Tue 22:00–02:00} runs from Tuesday 22:00 to Wednesday 02:00: the day listed is the
 *       day the window <em>opens</em>). {@code from == to} is an empty range and a problem.
 *       {@code days} may be omitted here (every day) and names are read in any case, short or full
 *       ({@code tue}, {@code Tuesday}), though the manifest schema asks for {@code Mon}..{@code Sun}.</li>
 *   <li>Every range is half-open: {@code from} is inside, {@code to} is not. A window
 *       {@code 22:00–02:00} is open at 22:00 and at 01:59:59, closed at 02:00. The same holds for
 *       deny periods: a freeze {@code to: 2027-01-03T00:00} is over at that instant.</li>
 *   <li>Without {@code allow} a release may start at any time outside the deny periods; an empty
 *       {@code allow: []} never opens and is a problem.</li>
 *   <li>The release is open when {@code now} is inside some allow window and outside every deny
 *       period. Contiguous or overlapping allow windows count as one opening when computing when it
 *       closes.</li>
 *   <li><b>Daylight-saving changes.</b> A local time that does not exist because the clocks jump
 *       forward (02:30 on the day Europe/Berlin goes from 02:00 to 03:00) is moved forward by the
 *       length of the gap (to 03:30), as {@link ZonedDateTime#of} does. A local time that occurs
 *       twice because the clocks go back takes the <em>earlier</em> offset when it starts a window or
 *       deny period and the <em>later</em> offset when it ends one, so a range is never shorter than
 *       written (it may be an hour longer).</li>
 *   <li>An invalid definition (unknown zone, unreadable times, empty range, deny period not ending
 *       after it starts, unknown day) is reported as {@link WindowVerdict#problems()} with JSON
 *       Pointers, and the verdict is closed: a window nobody can read is never open.</li>
 *   <li>{@code nextOpening} searches forward from {@code now} at most {@link #HORIZON}.</li>
 * </ul>
 *
 * <p>A manifest without a window gets an open verdict ("no release window declared"); whether that
 * is acceptable is the {@code release-window} policy's decision. Thread-safe: equal windows share
 * one parsed definition (a small bounded cache) and repeat the last verdict for the same
 * {@code now} and duration, since a run checks many manifests at one instant.
 */
public final class WindowEvaluator {

    /** How far {@code nextOpening} and {@code closesAt} look ahead. */
    public static final Duration HORIZON = Duration.ofDays(400);

    /** Where the window sits in a release manifest. */
    public static final String POINTER = "/spec/window";

    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
    private static final Map<String, DayOfWeek> DAYS = dayNames();
    private static final String DAYS_HINT = "use Mon, Tue, Wed, Thu, Fri, Sat or Sun";
    private static final int CACHE_LIMIT = 256;
    private static final Map<CacheKey, Definition> CACHE = new ConcurrentHashMap<>();

    private WindowEvaluator() {}

    /**
     * Evaluates the window of a whole release manifest: {@code /spec/window} at {@code now}, with the
     * minimum duration taken from the manifest's steps ({@link ReleaseDuration#minimum(JsonNode)}).
     */
    public static WindowVerdict forRelease(JsonNode manifest, Instant now) {
        JsonNode spec = manifest == null ? null : manifest.get("spec");
        JsonNode window = spec == null ? null : spec.get("window");
        return evaluate(window, POINTER, now, ReleaseDuration.minimum(spec));
    }

    /**
     * Evaluates {@code window} (the manifest's {@code spec.window}; null, missing or JSON null when
     * the manifest declares none) at {@code now} for a release taking at least
     * {@code minimumDuration}. Problems are reported under {@code /spec/window}.
     */
    public static WindowVerdict evaluate(JsonNode window, Instant now, Duration minimumDuration) {
        return evaluate(window, POINTER, now, minimumDuration);
    }

    /**
     * As {@link #evaluate(JsonNode, Instant, Duration)}, with problems reported under
     * {@code pointer} (the JSON Pointer of {@code window} in its document).
     */
    public static WindowVerdict evaluate(JsonNode window, String pointer, Instant now, Duration minimumDuration) {
        if (now == null || minimumDuration == null || minimumDuration.isNegative()) {
            throw new IllegalArgumentException("now and a non-negative minimumDuration are required");
        }
        if (window == null || window.isMissingNode() || window.isNull()) {
            return new WindowVerdict(
                    true,
                    List.of(),
                    true,
                    "no release window declared",
                    Optional.of(now),
                    Optional.of(LOCAL.format(now.atZone(ZoneId.of("UTC"))) + " UTC"),
                    Optional.empty(),
                    true,
                    minimumDuration,
                    Optional.empty(),
                    Optional.of(now),
                    Optional.of(LOCAL.format(now.atZone(ZoneId.of("UTC"))) + " UTC"));
        }
        Definition def = definition(window, pointer);
        if (!def.problems.isEmpty()) {
            return new WindowVerdict(
                    false,
                    def.problems,
                    false,
                    "invalid window definition: " + def.problems.get(0).message(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    minimumDuration,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }
        Memo memo = def.memo;
        WindowVerdict verdict;
        if (memo != null && memo.now.equals(now)) {
            verdict = memo.verdict;
        } else {
            verdict = def.evaluate(now, minimumDuration);
            def.memo = new Memo(now, verdict);
        }
        if (!verdict.minimumDuration().equals(minimumDuration)) {
            verdict = new WindowVerdict(
                    verdict.valid(),
                    verdict.problems(),
                    verdict.open(),
                    verdict.reason(),
                    verdict.nextOpening(),
                    verdict.nextOpeningLocal(),
                    verdict.closesAt(),
                    canFinish(verdict.open(), verdict.closesAt(), now, minimumDuration),
                    minimumDuration,
                    verdict.frozen(),
                    Optional.empty(),
                    Optional.empty());
        }
        if (verdict.canFinish()) {
            return verdict.withFitsFrom(Optional.of(now), verdict.nextOpeningLocal());
        }
        Optional<Instant> fits = def.firstStartThatFits(now, minimumDuration);
        return verdict.withFitsFrom(fits, fits.map(def::local));
    }

    /**
     * Whether a release that needs {@code needed} from {@code start} ends no later than the opening
     * closes ({@code to} is exclusive; an opening that does not close always fits). The one rule for
     * "does the release fit its window": verify's {@code canFinish} and the plan's {@code fitsWindow}.
     */
    public static boolean fits(Instant start, Duration needed, Optional<Instant> closesAt) {
        return closesAt.map(c -> !start.plus(needed).isAfter(c)).orElse(true);
    }

    /** Open, and the release ends no later than the opening closes. */
    private static boolean canFinish(boolean open, Optional<Instant> closesAt, Instant now, Duration minimum) {
        return open && fits(now, minimum, closesAt);
    }

    /**
     * The parsed definition of {@code window}, shared between equal windows: a run checks many
     * manifests with the same window at the same {@code now}, and parsing plus evaluating costs tens
     * of microseconds. Keys are deep copies, so a caller changing its tree later does no harm.
     */
    private static Definition definition(JsonNode window, String pointer) {
        CacheKey key = new CacheKey(window, pointer);
        Definition def = CACHE.get(key);
        if (def == null) {
            JsonNode copy = window.deepCopy();
            def = Definition.parse(copy, pointer);
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.put(new CacheKey(copy, pointer), def);
        }
        return def;
    }

    private record CacheKey(JsonNode window, String pointer) {}

    /** The last verdict of a definition: only {@code canFinish} depends on the duration. */
    private record Memo(Instant now, WindowVerdict verdict) {}

    /** A parsed, valid-or-not window definition. */
    private static final class Definition {
        private volatile Memo memo;
        private final List<WindowProblem> problems = new ArrayList<>();
        private ZoneId zone;
        /** Null when {@code allow} is absent: any time outside the deny periods. */
        private List<AllowRule> allow;

        private final List<DenyPeriod> deny = new ArrayList<>();

        static Definition parse(JsonNode window, String pointer) {
            Definition d = new Definition();
            if (!window.isObject()) {
                d.problem(
                        pointer,
                        "the release window must be an object with timezone, allow and deny",
                        "write e.g. window: {timezone: Asia/Shanghai, allow: [{days: [Tue], from: \"22:00\","
                                + " to: \"02:00\"}]}");
                return d;
            }
            d.parseZone(window.get("timezone"), pointer + "/timezone");
            d.parseAllow(window.get("allow"), pointer + "/allow");
            d.parseDeny(window.get("deny"), pointer + "/deny");
            return d;
        }

        private void problem(String path, String message, String hint) {
            problems.add(new WindowProblem(path, message, hint));
        }

        private void parseZone(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                problem(
                        path,
                        "the release window has no timezone",
                        "add timezone with an IANA zone id, e.g. Asia/Shanghai or Europe/Berlin");
                return;
            }
            if (!node.isString()) {
                problem(path, "timezone must be a string, not " + node, "write an IANA zone id, e.g. Asia/Shanghai");
                return;
            }
            String id = node.asString();
            try {
                zone = ZoneId.of(id);
            } catch (DateTimeException e) {
                problem(path, "unknown time zone '" + id + "'", zoneHint(id));
            }
        }

        private static String zoneHint(String id) {
            String wanted = id.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
            Set<String> ids = ZoneId.getAvailableZoneIds();
            String best = ids.stream()
                    .filter(z -> z.toLowerCase(Locale.ROOT).equals(wanted))
                    .findFirst()
                    .or(() -> ids.stream()
                            .filter(z -> z.contains("/"))
                            .filter(z -> z.toLowerCase(Locale.ROOT).endsWith("/" + wanted))
                            .sorted()
                            .findFirst())
                    .orElse(null);
            return best != null
                    ? "did you mean " + best + "?"
                    : "use an IANA zone id such as Asia/Shanghai, Europe/Berlin or UTC";
        }

        private void parseAllow(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return;
            }
            allow = new ArrayList<>();
            if (!node.isArray()) {
                problem(
                        path,
                        "allow must be a list of {days, from, to}",
                        "write e.g. allow: [{days: [Tue, Wed], from: \"22:00\", to: \"02:00\"}]");
                return;
            }
            if (node.isEmpty()) {
                problem(
                        path,
                        "allow is empty, so the window never opens",
                        "add at least one {days, from, to} entry, or remove allow to allow any time outside deny");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                parseAllowEntry(node.get(i), path + "/" + i, i);
            }
        }

        private void parseAllowEntry(JsonNode entry, String path, int index) {
            if (!entry.isObject()) {
                problem(
                        path,
                        "an allow entry must be an object {days, from, to}",
                        "write e.g. {days: [Tue], from: \"22:00\", to: \"02:00\"}");
                return;
            }
            Set<DayOfWeek> days = parseDays(entry.get("days"), path + "/days");
            Integer from = parseTime(entry.get("from"), path + "/from", false);
            Integer to = parseTime(entry.get("to"), path + "/to", true);
            if (from != null && from.equals(to)) {
                problem(
                        path + "/to",
                        "the allow range " + hhmm(from) + "–" + hhmm(to) + " is empty (from equals to)",
                        "make to differ from from; to earlier than from crosses midnight, e.g. 22:00–02:00");
                return;
            }
            if (days != null && from != null && to != null) {
                allow.add(new AllowRule(index, days, from, to));
            }
        }

        private Set<DayOfWeek> parseDays(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return EnumSet.allOf(DayOfWeek.class);
            }
            if (!node.isArray()) {
                problem(path, "days must be a list of weekdays, not " + node, "write e.g. days: [Tue, Wed, Thu]");
                return null;
            }
            if (node.isEmpty()) {
                problem(
                        path,
                        "days is empty, so this allow entry never opens",
                        "list the days the window opens on, e.g. [Tue, Wed], or omit days for every day");
                return null;
            }
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            boolean ok = true;
            for (int i = 0; i < node.size(); i++) {
                JsonNode d = node.get(i);
                DayOfWeek day = d.isString() ? DAYS.get(d.asString().trim().toLowerCase(Locale.ROOT)) : null;
                if (day == null) {
                    problem(
                            path + "/" + i,
                            "unknown day " + (d.isString() ? "'" + d.asString() + "'" : d.toString()),
                            DAYS_HINT);
                    ok = false;
                } else {
                    days.add(day);
                }
            }
            return ok ? days : null;
        }

        /** Minutes of the day, 0..1439; null after a problem. */
        private Integer parseTime(JsonNode node, String path, boolean end) {
            String field = end ? "to" : "from";
            if (node == null || node.isNull()) {
                problem(
                        path,
                        "the allow entry has no " + field,
                        "add " + field + ": \"HH:MM\", e.g. \"" + (end ? "02:00" : "22:00") + "\"");
                return null;
            }
            if (!node.isString()) {
                problem(
                        path,
                        field + " must be a time \"HH:MM\", not " + node,
                        "quote the time, e.g. " + field + ": \"" + (end ? "02:00" : "22:00") + "\"");
                return null;
            }
            Matcher m = TIME.matcher(node.asString().trim());
            if (m.matches()) {
                int h = Integer.parseInt(m.group(1));
                int min = Integer.parseInt(m.group(2));
                if (h < 24 && min < 60) {
                    return h * 60 + min;
                }
            }
            problem(
                    path,
                    field + " '" + node.asString() + "' is not a time of day",
                    "write 24-hour \"HH:MM\" between 00:00 and 23:59 (midnight is 00:00)");
            return null;
        }

        private void parseDeny(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return;
            }
            if (!node.isArray()) {
                problem(
                        path,
                        "deny must be a list of {from, to, reason}",
                        "write e.g. deny: [{from: \"2026-12-24T00:00\", to: \"2027-01-03T00:00\","
                                + " reason: year-end freeze}]");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                JsonNode entry = node.get(i);
                String p = path + "/" + i;
                if (!entry.isObject()) {
                    problem(
                            p,
                            "a deny entry must be an object {from, to, reason}",
                            "write e.g. {from: \"2026-12-24T00:00\", to: \"2027-01-03T00:00\","
                                    + " reason: year-end freeze}");
                    continue;
                }
                LocalDateTime from = parseDateTime(entry.get("from"), p + "/from", "from");
                LocalDateTime to = parseDateTime(entry.get("to"), p + "/to", "to");
                if (from == null || to == null) {
                    continue;
                }
                if (!to.isAfter(from)) {
                    problem(
                            p + "/to",
                            "the deny period ends (" + to + ") before or when it starts (" + from + ")",
                            "set to after from");
                    continue;
                }
                JsonNode r = entry.get("reason");
                String reason = r != null && r.isString() && !r.asString().isBlank()
                        ? r.asString().trim()
                        : null;
                if (zone != null) {
                    deny.add(new DenyPeriod(start(from), end(to), reason, to.toString()));
                }
            }
        }

        private LocalDateTime parseDateTime(JsonNode node, String path, String field) {
            if (node == null || node.isNull()) {
                problem(
                        path,
                        "the deny entry has no " + field,
                        "add " + field + ": \"YYYY-MM-DDTHH:MM\", a local date-time in the window's timezone");
                return null;
            }
            if (node.isString()) {
                try {
                    return LocalDateTime.parse(node.asString().trim());
                } catch (DateTimeParseException e) {
                    // reported below
                }
            }
            problem(
                    path,
                    field + " " + node + " is not a local date-time",
                    "write \"YYYY-MM-DDTHH:MM\" without offset, e.g. \"2026-12-24T00:00\" (local to the timezone)");
            return null;
        }

        /** A range's start: gap → shifted forward by the gap; overlap → the earlier offset. */
        private Instant start(LocalDateTime local) {
            return ZonedDateTime.of(local, zone).withEarlierOffsetAtOverlap().toInstant();
        }

        /** A range's end: gap → shifted forward by the gap; overlap → the later offset. */
        private Instant end(LocalDateTime local) {
            return ZonedDateTime.of(local, zone).withLaterOffsetAtOverlap().toInstant();
        }

        // ---------------------------------------------------------------- evaluation

        WindowVerdict evaluate(Instant now, Duration minimumDuration) {
            LocalDate today = now.atZone(zone).toLocalDate();
            Optional<DenyPeriod> inDeny = denyAt(now);
            Optional<Occurrence> inAllow = allow == null
                    ? Optional.empty()
                    : occurrencesFrom(today.minusDays(1), today).stream()
                            .filter(o -> o.contains(now))
                            .findFirst();
            boolean allowed = allow == null || inAllow.isPresent();
            boolean open = allowed && inDeny.isEmpty();

            Optional<Freeze> frozen = inDeny.map(d -> {
                Instant over = skipDeny(now);
                String until = deny.stream()
                        .filter(x -> x.end.equals(over))
                        .map(x -> x.untilText)
                        .findFirst()
                        .orElse(d.untilText);
                return new Freeze(d.reasonOrDefault(), until);
            });

            String reason;
            if (frozen.isPresent()) {
                Freeze f = frozen.get();
                reason = (inDeny.get().reason == null ? "inside deny period" : "inside freeze '" + f.reason() + "'")
                        + " until " + f.until();
            } else if (!allowed) {
                reason = "outside every allow window";
            } else if (allow == null) {
                reason = "outside every deny period (" + zone.getId() + ")";
            } else {
                reason = "inside " + inAllow.get().label() + " (" + zone.getId() + ")";
            }

            Optional<Instant> next = open ? Optional.of(now) : nextOpening(now, today);
            Optional<Instant> closes = open ? closesAt(now, inAllow) : Optional.empty();
            boolean canFinish = WindowEvaluator.canFinish(open, closes, now, minimumDuration);
            return new WindowVerdict(
                    true,
                    List.of(),
                    open,
                    reason,
                    next,
                    next.map(this::local),
                    closes,
                    canFinish,
                    minimumDuration,
                    frozen,
                    Optional.empty(),
                    Optional.empty());
        }

        /**
         * The first instant at or after {@code now} at which the window is open and a release of
         * {@code minimum} ends before it closes: now, else the start of the first opening long
         * enough, looking no further than the horizon.
         */
        Optional<Instant> firstStartThatFits(Instant now, Duration minimum) {
            Instant t = now;
            Instant end = now.plus(HORIZON);
            // Each round moves to the end of an opening or to the next one; the bound only guards
            // against a definition that would not move forward.
            for (int round = 0; round < 10_000 && t.isBefore(end); round++) {
                WindowVerdict v = evaluate(t, minimum);
                if (v.open()) {
                    if (v.canFinish()) {
                        return Optional.of(t);
                    }
                    Instant closes = v.closesAt().orElseThrow();
                    if (!closes.isAfter(t)) {
                        return Optional.empty();
                    }
                    t = closes;
                } else {
                    Optional<Instant> next = v.nextOpening();
                    if (next.isEmpty() || !next.get().isAfter(t)) {
                        return Optional.empty();
                    }
                    t = next.get();
                }
            }
            return Optional.empty();
        }

        String local(Instant t) {
            return LOCAL.format(t.atZone(zone)) + " " + zone.getId();
        }

        private Optional<DenyPeriod> denyAt(Instant t) {
            return deny.stream().filter(d -> d.contains(t)).findFirst();
        }

        /** The first instant at or after {@code t} outside every deny period (chained freezes). */
        private Instant skipDeny(Instant t) {
            Instant c = t;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (DenyPeriod d : deny) {
                    if (d.contains(c)) {
                        c = d.end;
                        moved = true;
                    }
                }
            }
            return c;
        }

        private Optional<Instant> nextOpening(Instant now, LocalDate today) {
            Instant limit = now.plus(HORIZON);
            if (allow == null) {
                Instant c = skipDeny(now);
                return c.isAfter(limit) ? Optional.empty() : Optional.of(c);
            }
            // Occurrences in start order (a date's windows all start on that date); the first one
            // with an allowed instant gives the earliest such instant.
            for (LocalDate d = today.minusDays(1); ; d = d.plusDays(1)) {
                for (Occurrence o : occurrencesFrom(d, d)) {
                    if (o.start.isAfter(limit)) {
                        return Optional.empty();
                    }
                    if (!o.end.isAfter(now)) {
                        continue;
                    }
                    Instant c = skipDeny(o.start.isAfter(now) ? o.start : now);
                    if (c.isBefore(o.end)) {
                        return c.isAfter(limit) ? Optional.empty() : Optional.of(c);
                    }
                }
                if (d.atStartOfDay(zone).toInstant().isAfter(limit)) {
                    return Optional.empty();
                }
            }
        }

        /** End of the current opening: the merged allow window's end or the next deny start. */
        private Optional<Instant> closesAt(Instant now, Optional<Occurrence> inAllow) {
            Instant limit = now.plus(HORIZON);
            Optional<Instant> allowEnd = Optional.empty();
            if (inAllow.isPresent()) {
                Instant e = inAllow.get().end;
                LocalDate d = inAllow.get().date;
                merge:
                for (; ; d = d.plusDays(1)) {
                    for (Occurrence o : occurrencesFrom(d, d)) {
                        if (o.start.isAfter(e)) {
                            break merge;
                        }
                        if (o.end.isAfter(e)) {
                            e = o.end;
                        }
                    }
                    if (e.isAfter(limit)) {
                        break;
                    }
                }
                allowEnd = e.isAfter(limit) ? Optional.empty() : Optional.of(e);
            }
            Optional<Instant> denyStart =
                    deny.stream().map(x -> x.start).filter(s -> s.isAfter(now)).min(Comparator.naturalOrder());
            if (allowEnd.isPresent() && denyStart.isPresent()) {
                return Optional.of(allowEnd.get().isBefore(denyStart.get()) ? allowEnd.get() : denyStart.get());
            }
            return allowEnd.isPresent() ? allowEnd : denyStart.filter(s -> !s.isAfter(limit));
        }

        /** Allow-window occurrences opening on the dates {@code first..last}, in start order. */
        private List<Occurrence> occurrencesFrom(LocalDate first, LocalDate last) {
            List<Occurrence> list = new ArrayList<>();
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                for (AllowRule r : allow) {
                    if (r.days.contains(d.getDayOfWeek())) {
                        LocalDateTime from = d.atStartOfDay().plusMinutes(r.from);
                        LocalDateTime to = (r.crossesMidnight() ? d.plusDays(1) : d)
                                .atStartOfDay()
                                .plusMinutes(r.to);
                        list.add(new Occurrence(d, start(from), end(to), r));
                    }
                }
            }
            list.sort(Comparator.comparing((Occurrence o) -> o.start).thenComparing(o -> o.end));
            return list;
        }
    }

    /** One {@code allow} entry; times in minutes of the day. */
    private record AllowRule(int index, Set<DayOfWeek> days, int from, int to) {
        boolean crossesMidnight() {
            return to <= from;
        }

        String label(DayOfWeek day) {
            return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + hhmm(from) + "–" + hhmm(to);
        }
    }

    /** An allow window on one date: {@code [start, end)}. */
    private record Occurrence(LocalDate date, Instant start, Instant end, AllowRule rule) {
        /** E.g. {@code Tue 22:00–02:00}: built only for the reason text, not in the search loops. */
        String label() {
            return rule.label(date.getDayOfWeek());
        }

        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** One deny period: {@code [start, end)}; {@code untilText} is its {@code to} as a local date-time. */
    private record DenyPeriod(Instant start, Instant end, String reason, String untilText) {
        boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }

        String reasonOrDefault() {
            return reason == null ? "deny period" : reason;
        }
    }

    private static String hhmm(int minutes) {
        int h = minutes / 60;
        int m = minutes % 60;
        return (h < 10 ? "0" : "") + h + (m < 10 ? ":0" : ":") + m;
    }

    private static Map<String, DayOfWeek> dayNames() {
        Map<String, DayOfWeek> m = new TreeMap<>();
        for (DayOfWeek d : DayOfWeek.values()) {
            m.put(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), d);
            m.put(d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT), d);
        }
        return Map.copyOf(m);
    }
}
