package dev.releasepolicy.core.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WindowEvaluatorTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The reference examples' window: Tue/Wed/Thu 22:00–02:00 Shanghai (UTC+8), year-end freeze. */
    private static final JsonNode SHANGHAI = window("""
            {'timezone': 'Asia/Shanghai',
             'allow': [{'days': ['Tue', 'Wed', 'Thu'], 'from': '22:00', 'to': '02:00'}],
             'deny': [{'from': '2026-12-24T00:00', 'to': '2027-01-03T00:00', 'reason': 'year-end freeze'}]}""");

    private static JsonNode window(String json) {
        return JSON.readTree(json.replace('\'', '"'));
    }

    private static WindowVerdict eval(JsonNode window, String now) {
        return WindowEvaluator.evaluate(window, Instant.parse(now), Duration.ZERO);
    }

    private static WindowVerdict eval(JsonNode window, String now, Duration minimum) {
        return WindowEvaluator.evaluate(window, Instant.parse(now), minimum);
    }

    private static Optional<Instant> at(String instant) {
        return Optional.of(Instant.parse(instant));
    }

    @Nested
    @DisplayName("overnight window Tue 22:00–02:00 Asia/Shanghai")
    class Overnight {

        @Test
        void evaluate_tuesday2300_isOpenUntilWednesday0200() {
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T15:00:00Z");

            assertThat(v.valid()).isTrue();
            assertThat(v.open()).isTrue();
            assertThat(v.reason()).isEqualTo("inside Tue 22:00–02:00 (Asia/Shanghai)");
            assertThat(v.nextOpening()).isEqualTo(at("2026-12-01T15:00:00Z"));
            assertThat(v.closesAt()).isEqualTo(at("2026-12-01T18:00:00Z"));
            assertThat(v.canFinish()).isTrue();
            assertThat(v.frozen()).isEmpty();
        }

        @Test
        void evaluate_wednesday0130_isOpenInTuesdaysWindow() {
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T17:30:00Z");

            assertThat(v.open()).isTrue();
            assertThat(v.reason()).isEqualTo("inside Tue 22:00–02:00 (Asia/Shanghai)");
            assertThat(v.closesAt()).isEqualTo(at("2026-12-01T18:00:00Z"));
        }

        @Test
        void evaluate_tuesday2200Exactly_isOpen() {
            assertThat(eval(SHANGHAI, "2026-12-01T14:00:00Z").open()).isTrue();
        }

        @Test
        void evaluate_tuesday2159_isClosedAndOpensAt2200() {
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T13:59:00Z");

            assertThat(v.valid()).isTrue();
            assertThat(v.open()).isFalse();
            assertThat(v.reason()).isEqualTo("outside every allow window");
            assertThat(v.nextOpening()).isEqualTo(at("2026-12-01T14:00:00Z"));
            assertThat(v.nextOpeningLocal()).contains("Tue 2026-12-01 22:00 Asia/Shanghai");
            assertThat(v.closesAt()).isEmpty();
            assertThat(v.canFinish()).isFalse();
        }

        @Test
        void evaluate_wednesday0200Exactly_isClosedBecauseToIsExclusive() {
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T18:00:00Z");

            assertThat(v.open()).isFalse();
            assertThat(v.reason()).isEqualTo("outside every allow window");
            assertThat(v.nextOpening()).isEqualTo(at("2026-12-02T14:00:00Z"));
            assertThat(v.nextOpeningLocal()).contains("Wed 2026-12-02 22:00 Asia/Shanghai");
        }

        @Test
        void evaluate_wednesday0159_isOpenForOneMinute() {
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T17:59:00Z", Duration.ofMinutes(1));

            assertThat(v.open()).isTrue();
            assertThat(v.canFinish()).isTrue();
            assertThat(eval(SHANGHAI, "2026-12-01T17:59:00Z", Duration.ofSeconds(61))
                            .canFinish())
                    .isFalse();
        }

        @Test
        void evaluate_fridayNight_nextOpeningIsTuesday() {
            // Fri 2026-12-04 23:00 Shanghai: no window until Tue 2026-12-08 22:00.
            WindowVerdict v = eval(SHANGHAI, "2026-12-04T15:00:00Z");

            assertThat(v.open()).isFalse();
            assertThat(v.nextOpening()).isEqualTo(at("2026-12-08T14:00:00Z"));
            assertThat(v.nextOpeningLocal()).contains("Tue 2026-12-08 22:00 Asia/Shanghai");
        }
    }

    @Nested
    class CanFinish {

        @Test
        void evaluate_releaseEndsExactlyAtWindowEnd_canFinish() {
            // Wed 01:00 Shanghai, window closes 02:00, release needs 1h: to is exclusive, ending at 02:00 is fine.
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T17:00:00Z", Duration.ofHours(1));

            assertThat(v.open()).isTrue();
            assertThat(v.canFinish()).isTrue();
            assertThat(v.minimumDuration()).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void evaluate_releaseLongerThanRestOfWindow_cannotFinish() {
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T17:00:00Z", Duration.ofMinutes(61));

            assertThat(v.open()).isTrue();
            assertThat(v.closesAt()).isEqualTo(at("2026-12-01T18:00:00Z"));
            assertThat(v.canFinish()).isFalse();
        }

        @Test
        void evaluate_denyStartsBeforeWindowEnds_closesAtDenyStart() {
            JsonNode w = window("""
                    {'timezone': 'Asia/Shanghai',
                     'allow': [{'days': ['Tue'], 'from': '22:00', 'to': '02:00'}],
                     'deny': [{'from': '2026-12-01T23:30', 'to': '2026-12-02T00:00', 'reason': 'db maintenance'}]}""");

            WindowVerdict v = eval(w, "2026-12-01T15:00:00Z", Duration.ofMinutes(40));

            assertThat(v.open()).isTrue();
            assertThat(v.closesAt()).isEqualTo(at("2026-12-01T15:30:00Z"));
            assertThat(v.canFinish()).isFalse();
            assertThat(eval(w, "2026-12-01T15:00:00Z", Duration.ofMinutes(30)).canFinish())
                    .isTrue();
        }

        @Test
        void evaluate_contiguousWindows_mergeIntoOneOpening() {
            JsonNode w = window("""
                    {'timezone': 'UTC', 'allow': [
                      {'days': ['Mon'], 'from': '20:00', 'to': '00:00'},
                      {'days': ['Tue'], 'from': '00:00', 'to': '02:00'},
                      {'days': ['Tue'], 'from': '01:00', 'to': '03:00'}]}""");

            WindowVerdict v = eval(w, "2026-11-30T21:00:00Z", Duration.ofHours(6));

            assertThat(v.reason()).isEqualTo("inside Mon 20:00–00:00 (UTC)");
            assertThat(v.closesAt()).isEqualTo(at("2026-12-01T03:00:00Z"));
            assertThat(v.canFinish()).isTrue();
        }

        @Test
        void evaluate_everyDayAllDay_neverCloses() {
            // Every day 00:00 to 23:59 and 23:59 to 00:00 the next day: the openings chain forever.
            JsonNode w = window(
                    "{'timezone': 'UTC', 'allow': [{'from': '00:00', 'to': '23:59'}, {'from': '23:59', 'to': '00:00'}]}");

            WindowVerdict v = eval(w, "2026-12-01T12:00:00Z", Duration.ofDays(30));

            assertThat(v.open()).isTrue();
            assertThat(v.closesAt()).isEmpty();
            assertThat(v.canFinish()).isTrue();
        }
    }

    @Nested
    class Freezes {

        @Test
        void evaluate_insideFreeze_isClosedUntilNextWindowAfterIt() {
            // Thu 2026-12-24 23:00 Shanghai: an allow window, but inside the year-end freeze.
            WindowVerdict v = eval(SHANGHAI, "2026-12-24T15:00:00Z");

            assertThat(v.valid()).isTrue();
            assertThat(v.open()).isFalse();
            assertThat(v.reason()).isEqualTo("inside freeze 'year-end freeze' until 2027-01-03T00:00");
            assertThat(v.frozen()).contains(new Freeze("year-end freeze", "2027-01-03T00:00"));
            // The freeze ends Sunday 2027-01-03; the first window after it is Tuesday 2027-01-05 22:00.
            assertThat(v.nextOpening()).isEqualTo(at("2027-01-05T14:00:00Z"));
            assertThat(v.nextOpeningLocal()).contains("Tue 2027-01-05 22:00 Asia/Shanghai");
            assertThat(v.closesAt()).isEmpty();
            assertThat(v.canFinish()).isFalse();
        }

        @Test
        void evaluate_freezeEndsInsideAWindow_opensAtFreezeEnd() {
            JsonNode w = window("""
                    {'timezone': 'Asia/Shanghai', 'allow': [{'days': ['Tue'], 'from': '22:00', 'to': '02:00'}],
                     'deny': [{'from': '2026-12-01T20:00', 'to': '2026-12-01T23:15'}]}""");

            WindowVerdict v = eval(w, "2026-12-01T14:30:00Z");

            assertThat(v.open()).isFalse();
            assertThat(v.reason()).isEqualTo("inside deny period until 2026-12-01T23:15");
            assertThat(v.frozen()).contains(new Freeze("deny period", "2026-12-01T23:15"));
            assertThat(v.nextOpening()).isEqualTo(at("2026-12-01T15:15:00Z"));
        }

        @Test
        void evaluate_chainedFreezes_untilIsTheEndOfTheChain() {
            JsonNode w = window("""
                    {'timezone': 'UTC',
                     'deny': [{'from': '2026-12-20T00:00', 'to': '2026-12-27T00:00', 'reason': 'holidays'},
                              {'from': '2026-12-26T00:00', 'to': '2027-01-04T00:00', 'reason': 'year-end'}]}""");

            WindowVerdict v = eval(w, "2026-12-21T00:00:00Z");

            assertThat(v.reason()).isEqualTo("inside freeze 'holidays' until 2027-01-04T00:00");
            assertThat(v.nextOpening()).isEqualTo(at("2027-01-04T00:00:00Z"));
        }

        @Test
        void evaluate_noAllowList_openOutsideDeny() {
            JsonNode w = window("""
                    {'timezone': 'UTC',
                     'deny': [{'from': '2026-12-24T00:00', 'to': '2027-01-03T00:00', 'reason': 'year-end freeze'}]}""");

            WindowVerdict v = eval(w, "2026-12-01T12:00:00Z", Duration.ofHours(1));

            assertThat(v.open()).isTrue();
            assertThat(v.reason()).isEqualTo("outside every deny period (UTC)");
            assertThat(v.closesAt()).isEqualTo(at("2026-12-24T00:00:00Z"));
            assertThat(v.canFinish()).isTrue();
        }

        @Test
        void evaluate_freezeEndIsExclusive() {
            JsonNode w = window("""
                    {'timezone': 'UTC', 'deny': [{'from': '2026-12-24T00:00', 'to': '2027-01-03T00:00'}]}""");

            assertThat(eval(w, "2027-01-02T23:59:59Z").open()).isFalse();
            assertThat(eval(w, "2027-01-03T00:00:00Z").open()).isTrue();
            assertThat(eval(w, "2026-12-24T00:00:00Z").open()).isFalse();
        }
    }

    @Nested
    @DisplayName("daylight-saving changes")
    class DaylightSaving {

        /** Europe/Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST. */
        private final JsonNode gapWindow = window("""
                {'timezone': 'Europe/Berlin', 'allow': [{'days': ['Sun'], 'from': '02:30', 'to': '04:00'}]}""");

        @Test
        void evaluate_startInSpringForwardGap_shiftsForwardByTheGap() {
            // 02:30 does not exist that day: the window opens at 03:30 CEST = 01:30Z and closes 04:00 CEST = 02:00Z.
            WindowVerdict before = eval(gapWindow, "2026-03-29T01:29:00Z");
            WindowVerdict inside = eval(gapWindow, "2026-03-29T01:30:00Z");

            assertThat(before.open()).isFalse();
            assertThat(before.nextOpening()).isEqualTo(at("2026-03-29T01:30:00Z"));
            assertThat(before.nextOpeningLocal()).contains("Sun 2026-03-29 03:30 Europe/Berlin");
            assertThat(inside.open()).isTrue();
            assertThat(inside.closesAt()).isEqualTo(at("2026-03-29T02:00:00Z"));
        }

        @Test
        void evaluate_startInSpringForwardGap_normalWeeksUnchanged() {
            // A week later the window is 02:30–04:00 CEST = 00:30Z–02:00Z.
            WindowVerdict v = eval(gapWindow, "2026-04-05T00:30:00Z");

            assertThat(v.open()).isTrue();
            assertThat(v.closesAt()).isEqualTo(at("2026-04-05T02:00:00Z"));
        }

        @Test
        void evaluate_overnightWindowOverSpringForward_isOneHourShorter() {
            JsonNode w = window(
                    "{'timezone': 'Europe/Berlin', 'allow': [{'days': ['Sat'], 'from': '22:00', 'to': '04:00'}]}");

            WindowVerdict v = eval(w, "2026-03-28T21:00:00Z", Duration.ofHours(5));

            assertThat(v.open()).isTrue();
            assertThat(v.closesAt()).isEqualTo(at("2026-03-29T02:00:00Z"));
            assertThat(v.canFinish()).isTrue();
            assertThat(eval(w, "2026-03-28T21:00:00Z", Duration.ofHours(6)).canFinish())
                    .isFalse();
        }

        @Test
        void evaluate_rangeInAutumnOverlap_startsEarlierOffsetEndsLaterOffset() {
            // Europe/Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:00–03:00 happens twice.
            // 02:15 takes the earlier offset (+02:00 → 00:15Z), 02:45 the later one (+01:00 → 01:45Z).
            JsonNode w = window(
                    "{'timezone': 'Europe/Berlin', 'allow': [{'days': ['Sun'], 'from': '02:15', 'to': '02:45'}]}");

            assertThat(eval(w, "2026-10-25T00:14:59Z").open()).isFalse();
            assertThat(eval(w, "2026-10-25T00:14:59Z").nextOpening()).isEqualTo(at("2026-10-25T00:15:00Z"));
            assertThat(eval(w, "2026-10-25T00:15:00Z").open()).isTrue();
            WindowVerdict secondPass = eval(w, "2026-10-25T01:40:00Z");
            assertThat(secondPass.open()).isTrue();
            assertThat(secondPass.closesAt()).isEqualTo(at("2026-10-25T01:45:00Z"));
            assertThat(eval(w, "2026-10-25T01:45:00Z").open()).isFalse();
        }

        @Test
        void evaluate_newYorkFallBack_windowNeverShorterThanWritten() {
            // America/New_York 2026-11-01: 02:00 EDT falls back to 01:00 EST. 01:30 is ambiguous: the start
            // takes EDT (05:30Z); 02:30 exists once (EST, 07:30Z): the window lasts two hours that night.
            JsonNode w = window(
                    "{'timezone': 'America/New_York', 'allow': [{'days': ['Sun'], 'from': '01:30', 'to': '02:30'}]}");

            WindowVerdict v = eval(w, "2026-11-01T05:30:00Z", Duration.ofHours(2));

            assertThat(v.open()).isTrue();
            assertThat(v.closesAt()).isEqualTo(at("2026-11-01T07:30:00Z"));
            assertThat(v.canFinish()).isTrue();
        }

        @Test
        void evaluate_newYorkDenyInSpringGap_startsAfterTheGap() {
            // America/New_York 2026-03-08: 02:00 EST jumps to 03:00 EDT; 02:30 becomes 03:30 EDT = 07:30Z.
            JsonNode w = window("""
                    {'timezone': 'America/New_York',
                     'deny': [{'from': '2026-03-08T02:30', 'to': '2026-03-08T05:00', 'reason': 'switch upgrade'}]}""");

            assertThat(eval(w, "2026-03-08T07:29:00Z").open()).isTrue();
            assertThat(eval(w, "2026-03-08T07:29:00Z").closesAt()).isEqualTo(at("2026-03-08T07:30:00Z"));
            WindowVerdict frozen = eval(w, "2026-03-08T07:30:00Z");
            assertThat(frozen.open()).isFalse();
            assertThat(frozen.nextOpening()).isEqualTo(at("2026-03-08T09:00:00Z"));
        }

        @Test
        void evaluate_denyEndingInAutumnOverlap_usesLaterOffset() {
            // Freeze until 2026-11-01T01:30 New York: ambiguous, the end takes EST (06:30Z), not EDT (05:30Z).
            JsonNode w = window("""
                    {'timezone': 'America/New_York',
                     'deny': [{'from': '2026-10-31T00:00', 'to': '2026-11-01T01:30', 'reason': 'halloween'}]}""");

            assertThat(eval(w, "2026-11-01T06:00:00Z").open()).isFalse();
            assertThat(eval(w, "2026-11-01T06:00:00Z").nextOpening()).isEqualTo(at("2026-11-01T06:30:00Z"));
        }
    }

    @Nested
    class NextOpening {

        @Test
        void evaluate_justAfterWeeklyWindow_nextOpeningIsAWeekLater() {
            JsonNode w = window("{'timezone': 'UTC', 'allow': [{'days': ['Mon'], 'from': '09:00', 'to': '10:00'}]}");

            WindowVerdict v = eval(w, "2026-11-30T10:00:00Z");

            assertThat(v.open()).isFalse();
            assertThat(v.nextOpening()).isEqualTo(at("2026-12-07T09:00:00Z"));
            assertThat(v.nextOpeningLocal()).contains("Mon 2026-12-07 09:00 UTC");
        }

        @Test
        void evaluate_freezeLongerThanHorizon_noNextOpening() {
            JsonNode w = window("""
                    {'timezone': 'UTC', 'allow': [{'days': ['Mon'], 'from': '09:00', 'to': '10:00'}],
                     'deny': [{'from': '2026-01-01T00:00', 'to': '2028-06-01T00:00', 'reason': 'moratorium'}]}""");

            WindowVerdict v = eval(w, "2026-11-30T09:30:00Z");

            assertThat(v.open()).isFalse();
            assertThat(v.nextOpening()).isEmpty();
            assertThat(v.nextOpeningLocal()).isEmpty();
            assertThat(v.frozen()).isPresent();
        }

        @Test
        void evaluate_dayNamesAnyCaseOrFull_accepted() {
            JsonNode w = window(
                    "{'timezone': 'UTC', 'allow': [{'days': ['monday', 'TUE'], 'from': '09:00', 'to': '10:00'}]}");

            assertThat(eval(w, "2026-12-01T09:30:00Z").open()).isTrue();
            assertThat(eval(w, "2026-11-30T09:30:00Z").open()).isTrue();
        }
    }

    @Nested
    class Invalid {

        @Test
        void evaluate_unknownZone_problemAtTimezone() {
            WindowVerdict v = eval(window("""
                    {'timezone': 'Asia/Shangai', 'allow': [{'days': ['Tue'], 'from': '22:00', 'to': '02:00'}]}"""), "2026-12-01T15:00:00Z");

            assertThat(v.valid()).isFalse();
            assertThat(v.open()).isFalse();
            assertThat(v.canFinish()).isFalse();
            assertThat(v.nextOpening()).isEmpty();
            assertThat(v.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("/spec/window/timezone");
                assertThat(p.message()).isEqualTo("unknown time zone 'Asia/Shangai'");
                assertThat(p.hint()).contains("IANA");
            });
            assertThat(v.reason()).isEqualTo("invalid window definition: unknown time zone 'Asia/Shangai'");
        }

        @Test
        void evaluate_zoneInWrongCase_hintSuggestsIt() {
            WindowVerdict v = eval(window("{'timezone': 'asia/shanghai'}"), "2026-12-01T15:00:00Z");

            assertThat(v.problems())
                    .singleElement()
                    .satisfies(p -> assertThat(p.hint()).isEqualTo("did you mean Asia/Shanghai?"));
        }

        @Test
        void evaluate_missingZone_problem() {
            WindowVerdict v = eval(window("{'allow': [{'from': '22:00', 'to': '02:00'}]}"), "2026-12-01T15:00:00Z");

            assertThat(v.problems()).extracting(WindowProblem::path).containsExactly("/spec/window/timezone");
        }

        @Test
        void evaluate_emptyRange_problemAtTo() {
            WindowVerdict v = eval(window("""
                    {'timezone': 'UTC', 'allow': [{'days': ['Tue'], 'from': '22:00', 'to': '02:00'},
                                                  {'days': ['Wed'], 'from': '22:00', 'to': '22:00'}]}"""), "2026-12-01T22:30:00Z");

            assertThat(v.valid()).isFalse();
            assertThat(v.open()).isFalse();
            assertThat(v.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("/spec/window/allow/1/to");
                assertThat(p.message()).contains("22:00–22:00 is empty");
            });
        }

        @Test
        void evaluate_emptyAllowList_problem() {
            WindowVerdict v = eval(window("{'timezone': 'UTC', 'allow': []}"), "2026-12-01T22:30:00Z");

            assertThat(v.problems()).extracting(WindowProblem::path).containsExactly("/spec/window/allow");
        }

        @Test
        void evaluate_denyEndsBeforeStart_problemAtTo() {
            WindowVerdict v = eval(window("""
                    {'timezone': 'UTC', 'deny': [{'from': '2027-01-03T00:00', 'to': '2026-12-24T00:00', 'reason': 'x'}]}"""), "2026-12-01T22:30:00Z");

            assertThat(v.valid()).isFalse();
            assertThat(v.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("/spec/window/deny/0/to");
                assertThat(p.hint()).isEqualTo("set to after from");
            });
        }

        @Test
        void evaluate_badTimesDaysAndDates_oneProblemEach() {
            WindowVerdict v = eval(window("""
                    {'timezone': 'Nowhere/City',
                     'allow': [{'days': ['Tue', 'Tues'], 'from': '25:00', 'to': 2}, {'days': [], 'from': '1:00', 'to': '24:00'}],
                     'deny': [{'from': '2026-12-24', 'to': '2027-01-03T00:00'}]}"""), "2026-12-01T22:30:00Z");

            assertThat(v.problems())
                    .extracting(WindowProblem::path)
                    .containsExactly(
                            "/spec/window/timezone",
                            "/spec/window/allow/0/days/1",
                            "/spec/window/allow/0/from",
                            "/spec/window/allow/0/to",
                            "/spec/window/allow/1/days",
                            "/spec/window/allow/1/to",
                            "/spec/window/deny/0/from");
            assertThat(v.problems()).allSatisfy(p -> assertThat(p.hint()).isNotBlank());
        }

        @Test
        void evaluate_customPointer_usedInProblems() {
            WindowVerdict v = WindowEvaluator.evaluate(
                    window("{'timezone': 'X'}"), "/window", Instant.parse("2026-12-01T22:30:00Z"), Duration.ZERO);

            assertThat(v.problems()).extracting(WindowProblem::path).containsExactly("/window/timezone");
        }
    }

    @Nested
    class Caching {

        @Test
        void evaluate_callerChangesTreeAfterwards_nextEvaluationSeesTheChange() {
            tools.jackson.databind.node.ObjectNode w = (tools.jackson.databind.node.ObjectNode)
                    window("{'timezone': 'UTC', 'allow': [{'days': ['Tue'], 'from': '09:00', 'to': '10:00'}]}");
            assertThat(eval(w, "2026-12-01T09:30:00Z").open()).isTrue();

            w.put("timezone", "Asia/Shanghai");

            assertThat(eval(w, "2026-12-01T09:30:00Z").open()).isFalse();
            assertThat(eval(w, "2026-12-01T01:30:00Z").open()).isTrue();
        }

        @Test
        void evaluate_sameWindowSameNow_sameVerdictForEveryMinimumDuration() {
            WindowVerdict shortRelease = eval(SHANGHAI, "2026-12-01T17:00:00Z", Duration.ofMinutes(10));
            WindowVerdict longRelease = eval(SHANGHAI, "2026-12-01T17:00:00Z", Duration.ofHours(2));

            assertThat(shortRelease.canFinish()).isTrue();
            assertThat(longRelease.canFinish()).isFalse();
            assertThat(eval(SHANGHAI, "2026-12-01T17:00:00Z", Duration.ofMinutes(10)))
                    .isEqualTo(shortRelease);
        }
    }

    @Nested
    class NoWindow {

        @Test
        void evaluate_null_isOpenWithReason() {
            WindowVerdict v =
                    WindowEvaluator.evaluate(null, Instant.parse("2026-12-01T15:00:00Z"), Duration.ofMinutes(40));

            assertThat(v.valid()).isTrue();
            assertThat(v.open()).isTrue();
            assertThat(v.reason()).isEqualTo("no release window declared");
            assertThat(v.canFinish()).isTrue();
            assertThat(v.closesAt()).isEmpty();
        }

        @Test
        void forRelease_readsWindowAndMinimumDurationFromManifest() {
            JsonNode manifest = window("""
                    {'spec': {'strategy': {'type': 'Canary', 'canary': {'steps': [{'setWeight': 5},
                       {'pause': {'duration': '30m'}}, {'setWeight': 100}]}},
                     'window': {'timezone': 'Asia/Shanghai', 'allow': [{'days': ['Tue'], 'from': '22:00', 'to': '02:00'}]}}}""");

            WindowVerdict v = WindowEvaluator.forRelease(manifest, Instant.parse("2026-12-01T17:45:00Z"));

            assertThat(v.minimumDuration()).isEqualTo(Duration.ofMinutes(30));
            assertThat(v.open()).isTrue();
            assertThat(v.canFinish()).isFalse();
            assertThat(WindowEvaluator.forRelease(window("{'spec': {}}"), Instant.EPOCH)
                            .reason())
                    .isEqualTo("no release window declared");
        }
    }

    @Nested
    class FitsFrom {

        @Test
        void openButTooShort_pointsAtTheNextOpeningLongEnough_notAtNow() {
            // Tue 01:45 Shanghai: 15 minutes left; 1h needs the Wed 22:00 opening.
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T17:45:00Z", Duration.ofHours(1));

            assertThat(v.canFinish()).isFalse();
            assertThat(v.fitsFrom()).isEqualTo(at("2026-12-02T14:00:00Z"));
            assertThat(v.fitsFromLocal()).contains("Wed 2026-12-02 22:00 Asia/Shanghai");
            assertThat(WindowEvaluator.evaluate(SHANGHAI, v.fitsFrom().orElseThrow(), Duration.ofHours(1))
                            .canFinish())
                    .isTrue();
        }

        @Test
        void openingsTooShort_skipsToTheFirstOneThatFits_orNone() {
            JsonNode short1 = window("""
                    {'timezone': 'UTC', 'allow': [{'days': ['Mon'], 'from': '09:00', 'to': '09:30'},
                                                  {'days': ['Thu'], 'from': '09:00', 'to': '12:00'}]}""");
            // Mon 2026-11-30 08:00 UTC: the Monday opening is 30m, the Thursday one 3h.
            WindowVerdict v = eval(short1, "2026-11-30T08:00:00Z", Duration.ofHours(1));
            assertThat(v.open()).isFalse();
            assertThat(v.nextOpening()).isEqualTo(at("2026-11-30T09:00:00Z"));
            assertThat(v.fitsFrom()).isEqualTo(at("2026-12-03T09:00:00Z"));

            assertThat(eval(short1, "2026-11-30T08:00:00Z", Duration.ofHours(4)).fitsFrom())
                    .isEmpty();
        }

        @Test
        void canFinish_fitsFromNow_andTheRuleIsTheOneThePlanUses() {
            WindowVerdict v = eval(SHANGHAI, "2026-12-01T15:00:00Z", Duration.ofMinutes(40));
            assertThat(v.fitsFrom()).isEqualTo(at("2026-12-01T15:00:00Z"));
            Instant closes = Instant.parse("2026-12-01T18:00:00Z");
            assertThat(WindowEvaluator.fits(
                            closes.minus(Duration.ofHours(1)), Duration.ofHours(1), Optional.of(closes)))
                    .isTrue();
            assertThat(WindowEvaluator.fits(
                            closes.minus(Duration.ofHours(1)),
                            Duration.ofHours(1).plusSeconds(1),
                            Optional.of(closes)))
                    .isFalse();
            assertThat(WindowEvaluator.fits(Instant.EPOCH, Duration.ofDays(999), Optional.empty()))
                    .isTrue();
        }
    }

    @Nested
    class ToMap {

        @Test
        void toMap_open_hasExactlyTheContractKeys() {
            Map<String, Object> m = eval(SHANGHAI, "2026-12-01T15:00:00Z", Duration.ofMinutes(40))
                    .toMap();

            assertThat(m.keySet())
                    .containsExactly(
                            "valid",
                            "problems",
                            "open",
                            "reason",
                            "nextOpening",
                            "nextOpeningLocal",
                            "closesAt",
                            "canFinish",
                            "minimumDuration",
                            "frozen",
                            "fitsFrom",
                            "fitsFromLocal");
            assertThat(m)
                    .containsEntry("valid", true)
                    .containsEntry("problems", List.of())
                    .containsEntry("open", true)
                    .containsEntry("reason", "inside Tue 22:00–02:00 (Asia/Shanghai)")
                    .containsEntry("nextOpening", "2026-12-01T15:00:00Z")
                    .containsEntry("nextOpeningLocal", "Tue 2026-12-01 23:00 Asia/Shanghai")
                    .containsEntry("closesAt", "2026-12-01T18:00:00Z")
                    .containsEntry("canFinish", true)
                    .containsEntry("minimumDuration", "40m")
                    .containsEntry("frozen", null)
                    .containsEntry("fitsFrom", "2026-12-01T15:00:00Z")
                    .containsEntry("fitsFromLocal", "Tue 2026-12-01 23:00 Asia/Shanghai");
        }

        @Test
        void toMap_frozenAndInvalid_carryNestedMaps() {
            Map<String, Object> frozen = eval(SHANGHAI, "2026-12-24T15:00:00Z").toMap();
            assertThat(frozen.get("frozen"))
                    .isEqualTo(Map.of("reason", "year-end freeze", "until", "2027-01-03T00:00"));
            assertThat(frozen.get("closesAt")).isNull();

            Map<String, Object> invalid =
                    eval(window("{'timezone': 'X'}"), "2026-12-01T15:00:00Z").toMap();
            assertThat(invalid.get("valid")).isEqualTo(false);
            assertThat(invalid.get("nextOpening")).isNull();
            assertThat(invalid.get("problems"))
                    .asInstanceOf(InstanceOfAssertFactories.LIST)
                    .singleElement()
                    .isEqualTo(Map.of(
                            "path",
                            "/spec/window/timezone",
                            "message",
                            "unknown time zone 'X'",
                            "hint",
                            "use an IANA zone id such as Asia/Shanghai, Europe/Berlin or UTC"));
        }
    }
}
