package dev.releasepolicy.executor.analysis;

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
 * Measures a release's metrics over time and decides whether it may go on.
 *
 * <p>{@link #analyze} (an analysis step) measures each named metric every {@code interval} for the
 * step's duration and judges it against {@code max}/{@code min}: more than {@code failureLimit}
 * failed measurements in a row fail the analysis. At the same time every {@code rollback.automatic}
 * trigger is watched: a breach lasting its {@code for} fails it too. {@link #watchTriggers} watches
 * only the triggers, across the polls of a step that waits (a pause). {@link #verifyRecovery} checks,
 * after a rollback, that the same metrics are healthy again.
 *
 * <p>No data (an empty result, NaN) and an unreachable Prometheus are INCONCLUSIVE, never a success:
 * more than {@code inconclusiveLimit} such measurements in a row end the analysis INCONCLUSIVE, and
 * an analysis is SUCCESSFUL only if every metric's last measurement passed. A streak still open when
 * the duration ends is measured on until it settles (bounded by the limits).
 *
 * <p>Time comes from the injected {@link Clock} and waiting from the {@link Sleeper}, so tests run
 * minutes of analysis without sleeping.
 */
public final class MetricAnalysis {

    private final MonitoringSpec spec;
    private final MetricsProvider provider;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AnalysisSettings settings;

    public MetricAnalysis(
            MonitoringSpec spec, MetricsProvider provider, Clock clock, Sleeper sleeper, AnalysisSettings settings) {
        this.spec = spec;
        this.provider = provider;
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
        watched.values().forEach(w -> w.nextDue = start);
        while (true) {
            for (Watched w : watched.values()) {
                if (w.nextDue.isAfter(clock.instant())) {
                    continue;
                }
                Optional<AnalysisResult> verdict = measure(w, log);
                if (verdict.isPresent()) {
                    return verdict.get();
                }
            }
            Instant next = watched.values().stream()
                    .map(w -> w.nextDue)
                    .min(Comparator.naturalOrder())
                    .orElseThrow();
            if (next.isAfter(end)) {
                boolean settled = watched.values().stream().allMatch(w -> w.last == Status.PASSED);
                if (settled) {
                    return AnalysisResult.successful(clock.instant(), log);
                }
                if (next.isAfter(hardEnd)) {
                    Watched open = watched.values().stream()
                            .filter(w -> w.last != Status.PASSED)
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
            Duration wait = Duration.between(clock.instant(), next);
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
    }

    private Duration settleAllowance(Iterable<Watched> watched) {
        Duration max = Duration.ZERO;
        for (Watched w : watched) {
            Duration i = w.def.interval();
            Duration d = i.multipliedBy(Math.max(w.def.failureLimit(), settings.inconclusiveLimit()) + 1L);
            for (RollbackTrigger t : w.triggers) {
                d = d.compareTo(t.duration().plus(i)) < 0 ? t.duration().plus(i) : d;
            }
            max = max.compareTo(d) < 0 ? d : max;
        }
        return max;
    }

    private Optional<AnalysisResult> measure(Watched w, List<Measurement> log) throws InterruptedException {
        MetricDefinition def = w.def;
        QueryResult r = ask(def);
        Instant at = clock.instant();
        Instant due = w.nextDue.plus(def.interval());
        w.nextDue = due.isBefore(at) ? at : due;
        if (r instanceof QueryResult.Value(double v)) {
            w.inconclusiveInARow = 0;
            Optional<String> violation = w.judged ? def.violation(v) : Optional.empty();
            String note = violation.orElse("");
            Status status = violation.isPresent() ? Status.FAILED : Status.PASSED;
            if (violation.isPresent()) {
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
            if (violation.isPresent() && w.failuresInARow > def.failureLimit()) {
                return Optional.of(failed(
                        def.name(),
                        v,
                        def.name() + " = " + Numbers.show(v) + " " + violation.get()
                                + " (" + w.failuresInARow + " failed measurement" + (w.failuresInARow == 1 ? "" : "s")
                                + " in a row, failureLimit " + def.failureLimit() + ")",
                        at,
                        w.failingSince,
                        log));
            }
            return fired;
        }
        String why = r instanceof QueryResult.NoData(String y) ? "no data: " + y : ((QueryResult.Unavailable) r).why();
        w.inconclusiveInARow++;
        w.last = Status.INCONCLUSIVE;
        log.add(new Measurement(def.name(), at, r, Status.INCONCLUSIVE, why));
        if (w.inconclusiveInARow > settings.inconclusiveLimit()) {
            return Optional.of(AnalysisResult.inconclusive(
                    def.name(),
                    def.name() + ": " + why + " ("
                            + w.inconclusiveInARow + " measurement" + (w.inconclusiveInARow == 1 ? "" : "s")
                            + " in a row without a value, inconclusiveLimit " + settings.inconclusiveLimit()
                            + "); a person must decide",
                    at,
                    log));
        }
        return Optional.empty();
    }

    /** A provider that throws (a bug, a bad header) gives no answer: inconclusive, never a crash mid-release. */
    private QueryResult ask(MetricDefinition def) throws InterruptedException {
        try {
            return provider.query(def.query());
        } catch (RuntimeException e) {
            return new QueryResult.Unavailable(
                    provider.describe() + " failed: " + e.getClass().getSimpleName());
        }
    }

    private static AnalysisResult failed(
            String metric, double v, String reason, Instant at, Instant since, List<Measurement> log) {
        return AnalysisResult.failed(metric, v, reason, at, since, new ArrayList<>(log));
    }

    /**
     * After a rollback: measures the named metrics (judged by their thresholds and by the triggers'
     * thresholds, without {@code for}) in rounds until {@code recoveryChecks} rounds in a row are
     * healthy (SUCCESSFUL), or {@code recoveryTimeout} passes (FAILED with the last bad value, or
     * INCONCLUSIVE when there was no data).
     */
    public AnalysisResult verifyRecovery(List<String> metricNames) throws InterruptedException {
        List<MetricDefinition> defs = spec.metrics(metricNames);
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
        int healthyRounds = 0;
        while (true) {
            String problem = null;
            String badMetric = "";
            double badValue = Double.NaN;
            boolean noData = false;
            for (MetricDefinition def : defs) {
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
                    if (bad.isPresent() && problem == null) {
                        problem = def.name() + " = " + Numbers.show(v) + " " + bad.get();
                        badMetric = def.name();
                        badValue = v;
                    }
                } else {
                    String why = r instanceof QueryResult.NoData(String y)
                            ? "no data: " + y
                            : ((QueryResult.Unavailable) r).why();
                    log.add(new Measurement(def.name(), at, r, Status.INCONCLUSIVE, why));
                    if (problem == null) {
                        problem = def.name() + ": " + why;
                        badMetric = def.name();
                        noData = true;
                    }
                }
            }
            Instant now = clock.instant();
            if (problem == null) {
                if (++healthyRounds >= settings.recoveryChecks()) {
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
        int failuresInARow;
        int inconclusiveInARow;
        Instant failingSince;
        Status last = Status.INCONCLUSIVE;

        Watched(MetricDefinition def) {
            this.def = def;
        }
    }
}
