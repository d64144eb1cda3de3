package dev.releasepolicy.executor.analysis;

import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.executor.analysis.Measurement.Status;
import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures a release's checks over time and decides whether it may go on.
 *
 * <p>{@link #analyze} (an analysis step) measures each named metric every {@code interval}, after its
 * {@code initialDelay}, for the step's duration or {@code count} measurements, and judges it against its
 * bounds ({@code max}/{@code min} inclusive, {@code above}/{@code below} exclusive; a webhook passes on
 * 2xx). As in Argo Rollouts, more than {@code failureLimit} failed measurements in total fail the
 * analysis, more than {@code inconclusiveLimit} measurements without a value in total make it
 * INCONCLUSIVE, and more than {@code consecutiveErrorLimit} provider errors in a row FAIL it (a check that
 * cannot be evaluated never passes); without {@code consecutiveErrorLimit} a provider error counts as
 * inconclusive, the tool's earlier behaviour. A {@code dryRun} metric is measured and reported in the
 * summary but never decides. At the same time every {@code rollback.automatic} trigger is watched: a
 * breach lasting its {@code for} fails it too. {@link #watchTriggers} watches only the triggers, across
 * the polls of a step that waits (a pause). {@link #verifyRecovery} checks, after a rollback, that the
 * same metrics are healthy again.
 *
 * <p>No data (an empty result, NaN) is INCONCLUSIVE, never a success; an analysis is SUCCESSFUL only
 * if every deciding metric's last measurement passed or its {@code count} was reached within its limits.
 * A metric without {@code count} whose last measurement did not pass when the duration ends is measured
 * on until it settles (bounded by the limits).
 *
 * <p>Time comes from the injected {@link Clock} and waiting from the {@link Sleeper}, so tests run
 * minutes of analysis without sleeping.
 */
public final class MetricAnalysis {

    private final MonitoringSpec spec;
    private final MetricsProvider provider;
    private final HttpChecks http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AnalysisSettings settings;

    public MetricAnalysis(
            MonitoringSpec spec, MetricsProvider provider, Clock clock, Sleeper sleeper, AnalysisSettings settings) {
        this(spec, provider, HttpChecks.system(), clock, sleeper, settings);
    }

    /**
     * @param provider answers {@code query} metrics
     * @param http     runs {@code web} and {@code webhook} checks
     */
    public MetricAnalysis(
            MonitoringSpec spec,
            MetricsProvider provider,
            HttpChecks http,
            Clock clock,
            Sleeper sleeper,
            AnalysisSettings settings) {
        this.spec = spec;
        this.provider = provider;
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.settings = settings;
    }

    public MonitoringSpec spec() {
        return spec;
    }

    public AnalysisSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** An analysis step: judges the named metrics and watches all triggers for {@code duration} (zero: one round). */
    public AnalysisResult analyze(List<String> metricNames, Duration duration) throws InterruptedException {
        return run(spec.metrics(metricNames), spec.triggers(), duration);
    }

    /**
     * Watches {@code triggers} across the polls of a step that waits in the executor's own loop (a
     * timed pause, a readiness wait): each {@link TriggerWatch#check()} measures the triggers' metrics
     * that are due by their {@code interval} and says whether a trigger has now been breached for its
     * {@code for}. It never sleeps, so the waiting loop keeps its own rhythm (lease renewal,
     * countdowns). A measurement without a value changes nothing: a breach is only ended by a value
     * that is within the threshold.
     */
    public TriggerWatch watchTriggers(List<RollbackTrigger> triggers) {
        return new TriggerWatch(triggers);
    }

    /** The state of one {@link #watchTriggers} watch: when each trigger's breach began, what is due next. */
    public final class TriggerWatch {

        private final Map<String, Watched> watched = new LinkedHashMap<>();

        private TriggerWatch(List<RollbackTrigger> triggers) {
            Instant now = clock.instant();
            for (RollbackTrigger t : triggers) {
                MetricDefinition m = spec.metric(t.metric())
                        .orElseThrow(() -> new IllegalArgumentException(
                                t.describe() + " names a metric that spec.monitoring.metrics does not define"));
                Watched w = watched.computeIfAbsent(m.name(), n -> new Watched(m));
                w.triggers.add(t);
                w.nextDue = now;
            }
        }

        /**
         * Measures what is due now: FAILED when a trigger fired (cause, breach start); INCONCLUSIVE when a
         * watched metric has had no value for more than the inconclusive limit in a row (a trigger that
         * cannot be evaluated never counts as quiet); else empty.
         */
        public Optional<AnalysisResult> check() throws InterruptedException {
            List<Measurement> log = new ArrayList<>();
            for (Watched w : watched.values()) {
                if (w.nextDue.isAfter(clock.instant())) {
                    continue;
                }
                Optional<AnalysisResult> r = measure(w, log);
                if (r.isPresent() && (r.get().failed() || r.get().inconclusive())) {
                    return r;
                }
            }
            return Optional.empty();
        }
    }

    /** Judges {@code judged} against their thresholds and watches {@code triggers}, for {@code duration}. */
    public AnalysisResult run(List<MetricDefinition> judged, List<RollbackTrigger> triggers, Duration duration)
            throws InterruptedException {
        Map<String, Watched> watched = new LinkedHashMap<>();
        for (MetricDefinition m : judged) {
            watched.computeIfAbsent(m.name(), n -> new Watched(m)).judged = true;
        }
        for (RollbackTrigger t : triggers) {
            MetricDefinition m = spec.metric(t.metric()).orElseThrow();
            watched.computeIfAbsent(m.name(), n -> new Watched(m)).triggers.add(t);
        }
        List<Measurement> log = new ArrayList<>();
        Instant start = clock.instant();
        if (watched.isEmpty()) {
            return AnalysisResult.successful(start, log);
        }
        Instant end = start.plus(duration);
        Instant hardEnd = end.plus(settleAllowance(watched.values()));
        watched.values().forEach(w -> w.nextDue = w.judged ? start.plus(w.def.initialDelay()) : start);
        while (true) {
            for (Watched w : watched.values()) {
                if (w.done() || w.nextDue.isAfter(clock.instant())) {
                    continue;
                }
                Optional<AnalysisResult> verdict = measure(w, log);
                if (verdict.isPresent()) {
                    return verdict.get();
                }
            }
            Optional<Instant> next = watched.values().stream()
                    .filter(w -> !w.done())
                    .map(w -> w.nextDue)
                    .min(Comparator.naturalOrder());
            if (next.isEmpty() || next.get().isAfter(end)) {
                boolean settled = watched.values().stream().allMatch(Watched::settled);
                if (settled) {
                    return AnalysisResult.successful(clock.instant(), log, successText(watched.values()));
                }
                if (next.isEmpty() || next.get().isAfter(hardEnd)) {
                    Watched open = watched.values().stream()
                            .filter(w -> !w.settled())
                            .findFirst()
                            .orElseThrow();
                    return AnalysisResult.inconclusive(
                            open.def.name(),
                            open.def.name()
                                    + " did not settle after the analysis ended (last measurement " + open.last
                                    + "); a person must decide",
                            clock.instant(),
                            log);
                }
            }
            Duration wait = Duration.between(clock.instant(), next.orElseThrow());
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
    }

    /** "all metrics healthy", with what the dry-run metrics measured (they never decide). */
    private static String successText(Iterable<Watched> watched) {
        List<String> dry = new ArrayList<>();
        for (Watched w : watched) {
            if (w.judged && w.def.dryRun()) {
                dry.add(w.def.name() + " " + w.failures + " of " + w.measured + " measurements failed");
            }
        }
        return dry.isEmpty()
                ? "all metrics healthy"
                : "all deciding metrics healthy; dry run (not deciding): " + String.join(", ", dry);
    }

    private Duration settleAllowance(Iterable<Watched> watched) {
        Duration max = Duration.ZERO;
        for (Watched w : watched) {
            Duration i = w.def.interval();
            Duration d = i.multipliedBy(Math.max(w.def.failureLimit(), inconclusiveLimit(w.def)) + 1L);
            if (w.def.count().isPresent()) {
                Duration counted =
                        w.def.initialDelay().plus(i.multipliedBy(w.def.count().getAsInt()));
                d = d.compareTo(counted) < 0 ? counted : d;
            }
            for (RollbackTrigger t : w.triggers) {
                d = d.compareTo(t.duration().plus(i)) < 0 ? t.duration().plus(i) : d;
            }
            max = max.compareTo(d) < 0 ? d : max;
        }
        return max;
    }

    private int inconclusiveLimit(MetricDefinition def) {
        return def.inconclusiveLimit().orElse(settings.inconclusiveLimit());
    }

    private Optional<AnalysisResult> measure(Watched w, List<Measurement> log) throws InterruptedException {
        MetricDefinition def = w.def;
        QueryResult r = ask(def);
        Instant at = clock.instant();
        w.measured++;
        Instant due = w.nextDue.plus(def.interval());
        w.nextDue = due.isBefore(at) ? at : due;
        // A dry-run metric is measured and logged; only its rollback triggers (if any) can act.
        boolean decides = w.judged && !def.dryRun();
        String dry = w.judged && def.dryRun() ? "dry run: " : "";
        if (r instanceof QueryResult.Value(double v)) {
            w.inconclusiveInARow = 0;
            w.errorsInARow = 0;
            Optional<String> violation = w.judged ? def.violation(v) : Optional.empty();
            String note = violation.map(x -> dry + x).orElse("");
            Status status = violation.isPresent() ? Status.FAILED : Status.PASSED;
            if (violation.isPresent()) {
                w.failures++;
                if (w.failuresInARow++ == 0) {
                    w.failingSince = at;
                }
            } else {
                w.failuresInARow = 0;
            }
            Optional<AnalysisResult> fired = Optional.empty();
            for (RollbackTrigger t : w.triggers) {
                Optional<String> breach = t.breach(v);
                if (breach.isEmpty()) {
                    w.breachSince.remove(t);
                    continue;
                }
                Instant since = w.breachSince.computeIfAbsent(t, k -> at);
                status = Status.FAILED;
                note = note.isEmpty() ? breach.get() + " since " + since : note;
                if (fired.isEmpty()
                        && !Duration.between(since, at).minus(t.duration()).isNegative()) {
                    String held = t.duration().isZero()
                            ? "is " + breach.get()
                            : "has been " + breach.get() + " for " + DurationText.format(Duration.between(since, at));
                    fired = Optional.of(failed(
                            def.name(),
                            v,
                            def.name() + " = " + Numbers.show(v) + " " + held + ": " + t.describe() + " fired",
                            at,
                            since,
                            log));
                }
            }
            w.last = status;
            log.add(new Measurement(def.name(), at, r, status, note));
            if (violation.isPresent() && decides && w.failures > def.failureLimit()) {
                return Optional.of(failed(
                        def.name(),
                        v,
                        def.name() + " = " + Numbers.show(v) + " " + violation.get()
                                + " (" + w.failures + " failed measurement" + (w.failures == 1 ? "" : "s")
                                + " in total, failureLimit " + def.failureLimit() + ")",
                        at,
                        w.failingSince,
                        log));
            }
            return fired;
        }
        String why = r instanceof QueryResult.NoData(String y) ? "no data: " + y : ((QueryResult.Unavailable) r).why();
        w.last = Status.INCONCLUSIVE;
        log.add(new Measurement(def.name(), at, r, Status.INCONCLUSIVE, dry + why));
        if (r instanceof QueryResult.Unavailable
                && w.judged
                && def.consecutiveErrorLimit().isPresent()) {
            // A provider error, counted on its own (Argo's consecutiveErrorLimit): too many in a row fail.
            w.errorsInARow++;
            int limit = def.consecutiveErrorLimit().getAsInt();
            if (decides && w.errorsInARow > limit) {
                return Optional.of(failed(
                        def.name(),
                        Double.NaN,
                        def.name() + " could not be evaluated: " + why + " (" + w.errorsInARow + " error"
                                + (w.errorsInARow == 1 ? "" : "s") + " in a row, consecutiveErrorLimit " + limit
                                + "); a check that cannot be evaluated never passes",
                        at,
                        at,
                        log));
            }
            return Optional.empty();
        }
        w.errorsInARow = 0;
        w.inconclusiveInARow++;
        w.inconclusiveTotal++;
        // An analysis counts measurements without a value in total (Argo); a trigger watch, in a row.
        int counted = w.judged ? w.inconclusiveTotal : w.inconclusiveInARow;
        int limit = inconclusiveLimit(def);
        if ((decides || !w.judged) && counted > limit) {
            return Optional.of(AnalysisResult.inconclusive(
                    def.name(),
                    def.name() + ": " + why + " ("
                            + counted + " measurement" + (counted == 1 ? "" : "s")
                            + (w.judged ? " in total" : " in a row") + " without a value, inconclusiveLimit " + limit
                            + "); a person must decide",
                    at,
                    log));
        }
        return Optional.empty();
    }

    /** A provider that throws (a bug, a bad header) gives no answer: an error, never a crash mid-release. */
    private QueryResult ask(MetricDefinition def) throws InterruptedException {
        try {
            return switch (def.check()) {
                case Check.Query q -> provider.query(q.query());
                case Check.Web web -> http.web(web);
                case Check.Webhook hook -> http.webhook(hook);
                case Check.Job job ->
                    new QueryResult.Unavailable("job check " + def.name() + " is run by its analysis step's Job");
            };
        } catch (RuntimeException e) {
            return new QueryResult.Unavailable(
                    describe(def) + " failed: " + e.getClass().getSimpleName());
        }
    }

    private String describe(MetricDefinition def) {
        return def.check() instanceof Check.Query
                ? provider.describe()
                : def.check().kind() + " check " + def.name();
    }

    private static AnalysisResult failed(
            String metric, double v, String reason, Instant at, Instant since, List<Measurement> log) {
        return AnalysisResult.failed(metric, v, reason, at, since, new ArrayList<>(log));
    }

    /**
     * After a rollback: measures the named metrics (judged by their thresholds and by the triggers'
     * thresholds, without {@code for}) in rounds until {@code recoveryChecks} rounds in a row are
     * healthy (SUCCESSFUL), or {@code recoveryTimeout} passes (FAILED with the last bad value, or
     * INCONCLUSIVE when there was no data). A {@code webhook} check is a gate, not a value to watch: it is
     * called once, in the first round, and its answer is its verdict (a failing one ends the check at once;
     * asking again would repeat its side effect, such as a test run against the previous version).
     */
    public AnalysisResult verifyRecovery(List<String> metricNames) throws InterruptedException {
        // Job checks are run by the executor's Jobs; dry-run metrics are measured but never decide.
        List<MetricDefinition> defs = spec.metrics(metricNames).stream()
                .filter(d -> !(d.check() instanceof Check.Job))
                .toList();
        List<Measurement> log = new ArrayList<>();
        Instant start = clock.instant();
        if (defs.isEmpty()) {
            return AnalysisResult.successful(start, log);
        }
        Instant deadline = start.plus(settings.recoveryTimeout());
        Duration period = defs.stream()
                .map(MetricDefinition::interval)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        boolean watched = defs.stream().anyMatch(d -> !(d.check() instanceof Check.Webhook));
        int healthyRounds = 0;
        boolean firstRound = true;
        while (true) {
            String problem = null;
            String badMetric = "";
            double badValue = Double.NaN;
            boolean noData = false;
            boolean gateFailed = false;
            for (MetricDefinition def : defs) {
                boolean gate = def.check() instanceof Check.Webhook;
                if (gate && !firstRound) {
                    continue;
                }
                QueryResult r = ask(def);
                Instant at = clock.instant();
                if (r instanceof QueryResult.Value(double v)) {
                    Optional<String> bad = def.violation(v);
                    if (bad.isEmpty()) {
                        bad = spec.triggers().stream()
                                .filter(t -> t.metric().equals(def.name()))
                                .map(t -> t.breach(v))
                                .flatMap(Optional::stream)
                                .findFirst();
                    }
                    log.add(new Measurement(
                            def.name(), at, r, bad.isPresent() ? Status.FAILED : Status.PASSED, bad.orElse("")));
                    if (bad.isPresent() && !def.dryRun() && (problem == null || gate && !gateFailed)) {
                        problem = def.name() + " = " + Numbers.show(v) + " " + bad.get();
                        badMetric = def.name();
                        badValue = v;
                        noData = false;
                        gateFailed |= gate;
                    }
                } else {
                    String why = r instanceof QueryResult.NoData(String y)
                            ? "no data: " + y
                            : ((QueryResult.Unavailable) r).why();
                    log.add(new Measurement(def.name(), at, r, Status.INCONCLUSIVE, why));
                    if (!def.dryRun() && (problem == null || gate && !gateFailed)) {
                        problem = def.name() + ": " + why;
                        badMetric = def.name();
                        badValue = Double.NaN;
                        noData = true;
                        gateFailed |= gate;
                    }
                }
            }
            firstRound = false;
            Instant now = clock.instant();
            if (gateFailed) {
                // the gate is not asked again, so no later round can verify the recovery
                String why = "recovery not verified: " + problem;
                return noData
                        ? AnalysisResult.inconclusive(badMetric, why, now, log)
                        : AnalysisResult.failed(badMetric, badValue, why, now, start, log);
            }
            if (problem == null) {
                // with webhook gates only, their one passing answer is the verdict: no value to see again
                if (++healthyRounds >= settings.recoveryChecks() || !watched) {
                    return new AnalysisResult(
                            AnalysisResult.Verdict.SUCCESSFUL,
                            "",
                            java.util.OptionalDouble.empty(),
                            "recovered: " + String.join(", ", lastValues(log, defs)) + " (" + healthyRounds
                                    + " healthy measurements in a row)",
                            now,
                            Optional.empty(),
                            log);
                }
            } else {
                healthyRounds = 0;
            }
            if (now.plus(period).isAfter(deadline)) {
                String why = "recovery not verified within " + DurationText.format(settings.recoveryTimeout()) + ": "
                        + (problem == null ? "too few healthy measurements" : problem);
                return noData || problem == null
                        ? AnalysisResult.inconclusive(badMetric, why, now, log)
                        : AnalysisResult.failed(badMetric, badValue, why, now, start, log);
            }
            sleeper.sleep(period);
        }
    }

    private static List<String> lastValues(List<Measurement> log, List<MetricDefinition> defs) {
        List<String> out = new ArrayList<>();
        for (MetricDefinition d : defs) {
            for (int i = log.size() - 1; i >= 0; i--) {
                if (log.get(i).metric().equals(d.name())) {
                    out.add(log.get(i).describe().replace(" PASSED", ""));
                    break;
                }
            }
        }
        return out;
    }

    /** Measuring state of one metric during one analysis. */
    private static final class Watched {
        final MetricDefinition def;
        final List<RollbackTrigger> triggers = new ArrayList<>();
        final Map<RollbackTrigger, Instant> breachSince = new HashMap<>();
        boolean judged;
        Instant nextDue;
        int measured;
        int failures;
        int failuresInARow;
        int inconclusiveInARow;
        int inconclusiveTotal;
        int errorsInARow;
        Instant failingSince;
        Status last = Status.INCONCLUSIVE;

        Watched(MetricDefinition def) {
            this.def = def;
        }

        /** An analysis metric with {@code count} that took that many measurements. */
        boolean countReached() {
            return judged && def.count().isPresent() && measured >= def.count().getAsInt();
        }

        /** Its {@code count} is reached and no trigger watches it: no more measurements. */
        boolean done() {
            return countReached() && triggers.isEmpty();
        }

        /**
         * May the analysis end as far as this metric goes: with {@code count}, once that many were taken
         * (judged on them, as Argo Rollouts does); without, once its last measurement passed. A dry-run
         * metric never holds an analysis.
         */
        boolean settled() {
            if (judged && def.dryRun() && triggers.isEmpty()) {
                return true;
            }
            return judged && def.count().isPresent() ? countReached() : last == Status.PASSED;
        }
    }
}
